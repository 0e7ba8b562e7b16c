-- Cheap renewals (docs/adr/0006-cheap-lease-renewals.md): the SHA-256 (hex) of the one lease
-- token that may renew the current session without a signature; NULL when none is issued.
-- Each use replaces it, so a replayed renewal finds no match. Numbered in PostgreSQL's order;
-- SQLite applies it second (it has no V2).
ALTER TABLE peers ADD COLUMN lease_token VARCHAR(64);

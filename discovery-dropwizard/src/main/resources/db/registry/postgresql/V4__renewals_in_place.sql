-- PostgreSQL only: a renewal rewrites last_seen, lease_expires_at and lease_token of one row,
-- thousands of times a second. With none of them indexed and room left on each page, PostgreSQL
-- rewrites the row in place (a HOT update: no new index entries, dead versions pruned on the
-- page) instead of bloating the table and its indexes until vacuum runs. The reaper reads the
-- online rows with a scan, once a second at most.
DROP INDEX peers_by_lease;
ALTER TABLE peers SET (fillfactor = 50);

-- Outbox watermarks and a lighter messages table (both measured on the insert path).
--
-- An 'out' row now stores status 'queued' until it expires ('expired'), or 'delivered' once the
-- expiry sweep has settled a delivered row with a time-to-live; SENT and DELIVERED follow from
-- its receiver's watermarks below (seq <= sent_upto is sent, seq <= delivered_upto delivered), so
-- an acknowledgement moves one row here instead of rewriting every message it covers.
CREATE TABLE outbox (
  peer           TEXT    PRIMARY KEY,
  sent_upto      INTEGER NOT NULL DEFAULT 0,
  delivered_upto INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Acknowledgements were cumulative, so the highest delivered seq covers every row below it.
INSERT INTO outbox (peer, sent_upto, delivered_upto)
SELECT peer,
       coalesce(max(CASE WHEN status IN ('sent', 'delivered') THEN seq END), 0),
       coalesce(max(CASE WHEN status = 'delivered' THEN seq END), 0)
FROM messages
WHERE direction = 'out'
GROUP BY peer;

-- The messages table again, without CHECK constraints on the enumerations (evaluated on every
-- insert they cost about a third of it; the store's single writer is the only code that writes
-- these values), keeping every rowid: storage order is the rowid.
CREATE TABLE messages_v2 (
  id          TEXT    PRIMARY KEY,            -- globally unique, time-ordered (UUIDv7-like)
  peer        TEXT    NOT NULL,               -- receiver of an 'out' row, sender of an 'in' row
  direction   TEXT    NOT NULL,               -- 'out' or 'in'
  seq         INTEGER NOT NULL,               -- per sender -> receiver pair, from 1
  text        TEXT    NOT NULL,
  data        TEXT,                           -- optional JSON
  status      TEXT    NOT NULL,               -- in: received, handled; out: see the outbox table
  sent_at     INTEGER NOT NULL,               -- epoch ms, when the sender queued it
  received_at INTEGER,                        -- epoch ms, 'in' rows only
  offline     INTEGER NOT NULL DEFAULT 0,     -- queued while the receiver was not online
  expires_at  INTEGER                         -- epoch ms, or NULL for no time-to-live
);

INSERT INTO messages_v2 (rowid, id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at)
SELECT rowid, id, peer, direction, seq, text, data,
       CASE WHEN direction = 'out' AND status = 'sent' THEN 'queued' ELSE status END,
       sent_at, received_at, offline, expires_at
FROM messages;

DROP TABLE messages;
ALTER TABLE messages_v2 RENAME TO messages;

-- Each pair's seq is unique: the receiver's dedupe, the sender's next seq and the outbox's
-- pending range (seq above delivered_upto) all rest on it.
CREATE UNIQUE INDEX messages_by_peer_seq ON messages (direction, peer, seq);

-- Outbox rows with a time-to-live, for the expiry sweep.
CREATE INDEX messages_expiring ON messages (expires_at)
  WHERE direction = 'out' AND status = 'queued' AND expires_at IS NOT NULL;

-- The inbox: received, not yet handled, in rowid order (an index's entries end with the rowid).
CREATE INDEX messages_unhandled ON messages (status) WHERE status = 'received';

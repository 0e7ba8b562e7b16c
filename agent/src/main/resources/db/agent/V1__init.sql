-- One agent's database: both directions of every conversation, script state, timers,
-- and the last known address and key of each peer (so the agent can run with the registry down).

-- Storage order is the rowid: for received messages it is arrival order, which is handling order.
CREATE TABLE messages (
  id          TEXT    PRIMARY KEY,            -- globally unique, time-ordered (UUIDv7-like)
  peer        TEXT    NOT NULL,               -- receiver of an 'out' row, sender of an 'in' row
  direction   TEXT    NOT NULL CHECK (direction IN ('out', 'in')),
  seq         INTEGER NOT NULL CHECK (seq > 0), -- per sender -> receiver pair, from 1
  text        TEXT    NOT NULL,
  data        TEXT,                           -- optional JSON
  status      TEXT    NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'expired', 'received', 'handled')),
  sent_at     INTEGER NOT NULL,               -- epoch ms, when the sender queued it
  received_at INTEGER,                        -- epoch ms, 'in' rows only
  offline     INTEGER NOT NULL DEFAULT 0,     -- queued while the receiver was not online
  expires_at  INTEGER                         -- epoch ms, or NULL for no time-to-live
);

-- Each pair's seq is unique: the receiver's dedupe and the sender's next seq rest on it.
CREATE UNIQUE INDEX messages_by_peer_seq ON messages (direction, peer, seq);

-- The outbox: rows still to deliver, small however long the history grows.
CREATE INDEX messages_pending_out ON messages (peer, seq)
  WHERE direction = 'out' AND status IN ('queued', 'sent');

-- Outbox rows with a time-to-live, for the expiry sweep.
CREATE INDEX messages_expiring ON messages (expires_at)
  WHERE direction = 'out' AND status IN ('queued', 'sent') AND expires_at IS NOT NULL;

-- The inbox: received, not yet handled, in rowid order (an index's entries end with the rowid).
CREATE INDEX messages_unhandled ON messages (status) WHERE status = 'received';

CREATE TABLE kv (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL                          -- JSON
) WITHOUT ROWID;

CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,             -- assigned by the writer, never reused while the row exists
  due_at      INTEGER NOT NULL,                -- epoch ms
  period_ms   INTEGER CHECK (period_ms > 0),   -- NULL for a one-shot timer
  payload     BLOB    NOT NULL,
  description TEXT    NOT NULL
);

CREATE INDEX jobs_by_due ON jobs (due_at);

CREATE TABLE peers (
  name       TEXT    PRIMARY KEY,
  public_key TEXT    NOT NULL,                 -- base64 X.509 SubjectPublicKeyInfo
  host       TEXT,
  port       INTEGER,
  updated_at INTEGER NOT NULL                  -- epoch ms
) WITHOUT ROWID;

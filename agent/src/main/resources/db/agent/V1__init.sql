-- One agent's database: both directions of every conversation, where each outbox stands, script
-- state, timers, and the last known address and key of each peer (so the agent can run with the
-- registry down).

-- Storage order is the rowid: for received messages it is arrival order, which is handling order.
-- No CHECK constraints on the enumerations: evaluated on every insert they cost about a third of
-- it, and the store's single writer is the only code that writes these values.
CREATE TABLE messages (
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

-- Each pair's seq is unique: the receiver's dedupe, the sender's next seq and the outbox's
-- pending range (seq above delivered_upto) all rest on it.
CREATE UNIQUE INDEX messages_by_peer_seq ON messages (direction, peer, seq);

-- Outbox rows with a time-to-live, for the expiry sweep.
CREATE INDEX messages_expiring ON messages (expires_at)
  WHERE direction = 'out' AND status = 'queued' AND expires_at IS NOT NULL;

-- The inbox: received, not yet handled, in rowid order (an index's entries end with the rowid).
CREATE INDEX messages_unhandled ON messages (status) WHERE status = 'received';

-- Where each outbox stands, one row per receiver. An 'out' row stores status 'queued' until it
-- expires ('expired'); SENT and DELIVERED follow from these watermarks (seq <= sent_upto is sent,
-- seq <= delivered_upto delivered), so an acknowledgement moves one row here instead of
-- rewriting every message it covers. The expiry sweep stores 'delivered' on delivered rows with a
-- time-to-live, to keep messages_expiring small.
CREATE TABLE outbox (
  peer           TEXT    PRIMARY KEY,
  sent_upto      INTEGER NOT NULL DEFAULT 0,
  delivered_upto INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE kv (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL                          -- JSON
) WITHOUT ROWID;

CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,             -- assigned by the writer
  due_at      INTEGER NOT NULL,                -- epoch ms
  period_ms   INTEGER,                         -- NULL for a one-shot timer, else > 0
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

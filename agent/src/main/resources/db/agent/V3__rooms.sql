-- Rooms (docs/rooms.md): a room's messages ride in the pair tables above.
--
-- An 'out' row of a room is one member's copy: its id is '<message id>/<member>', its room the
-- room ('#ops'), its header the room header as on the wire. An 'in' row of a room has the
-- message's id, its peer is the member that passed it on, its author the one who wrote it.
ALTER TABLE messages ADD COLUMN room TEXT;
ALTER TABLE messages ADD COLUMN author TEXT;
ALTER TABLE messages ADD COLUMN header BLOB;

-- history --with '#ops', the last message taken from an author, and the messages waiting for an
-- earlier one of their author's.
CREATE INDEX messages_by_room ON messages (room, author) WHERE room IS NOT NULL;
CREATE INDEX messages_waiting ON messages (room, author) WHERE status = 'waiting';

-- The rooms this agent is or was in: the newest membership it has, and whether it is still in
-- it. (The last message it wrote in a room, each member's last one owed, and the last one it took
-- from each author are read back from its rows when first needed: a room message then costs its
-- rows and nothing more.)
CREATE TABLE rooms (
  room        TEXT    PRIMARY KEY,
  owner       TEXT    NOT NULL,
  version     INTEGER NOT NULL,
  members     TEXT    NOT NULL,            -- JSON array of names, the owner first
  joined      INTEGER NOT NULL DEFAULT 1   -- 0 once this agent left or was removed
) WITHOUT ROWID;

-- Every membership version this agent received: whether a message of version v is owed to it.
CREATE TABLE room_versions (
  room        TEXT    NOT NULL,
  version     INTEGER NOT NULL,
  owner       TEXT    NOT NULL,
  members     TEXT    NOT NULL,
  PRIMARY KEY (room, version)
) WITHOUT ROWID;


-- Per sender, the highest seq received but not stored (a room message taken before from another
-- member, or refused): the pair's dedupe by seq must count it as in.
CREATE TABLE inbox_skipped (
  peer        TEXT    PRIMARY KEY,
  upto        INTEGER NOT NULL
) WITHOUT ROWID;

package p2pchat.agent.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The room tables of V3__rooms.sql. Stateless. */
@RegisterConstructorMapper(RoomDao.RoomRow.class)
interface RoomDao extends SqlObject {

  /** A row of {@code rooms}: the newest membership this agent has of a room. Immutable. */
  record RoomRow(String room, String owner, long version, String members, boolean joined) {}

  @SqlQuery("SELECT room, owner, version, members, joined FROM rooms WHERE room = :room")
  Optional<RoomRow> room(String room);

  @SqlQuery("SELECT room, owner, version, members, joined FROM rooms ORDER BY room")
  List<RoomRow> rooms();

  @SqlUpdate(
      """
      INSERT INTO rooms (room, owner, version, members, joined) VALUES (:room, :owner, :version, :members, :joined)
      ON CONFLICT (room) DO UPDATE SET owner = excluded.owner, version = excluded.version,
        members = excluded.members, joined = excluded.joined
      """)
  void putRoom(String room, String owner, long version, String members, boolean joined);

  @SqlUpdate("UPDATE rooms SET joined = 0 WHERE room = :room")
  void left(String room);

  /**
   * This agent's room rows to {@code member} without a time-to-live, newest first: the first of
   * type message holds the last message owed to it that a successor may follow.
   */
  @SqlQuery(
      """
      SELECT header FROM messages
      WHERE direction = 'out' AND peer = :member AND room = :room AND author = :self
        AND expires_at IS NULL
      ORDER BY seq DESC
      """)
  java.util.stream.Stream<byte[]> ownOutTo(String room, String member, String self);

  /** This agent's room rows in {@code room}, newest first. */
  @SqlQuery(
      """
      SELECT header FROM messages
      WHERE room = :room AND direction = 'out' AND author = :self
      ORDER BY rowid DESC
      """)
  java.util.stream.Stream<byte[]> ownOutIn(String room, String self);

  @SqlUpdate(
      "INSERT OR IGNORE INTO room_versions (room, version, owner, members) VALUES (:room, :version, :owner, :members)")
  void putVersion(String room, long version, String owner, String members);

  @SqlQuery("SELECT members FROM room_versions WHERE room = :room AND version = :version")
  Optional<String> membersOf(String room, long version);

  /**
   * {@code author}'s room rows this agent took in {@code room}, newest first: the first is the last
   * it took (taken rows are stored, or moved, in the author's order).
   */
  @SqlQuery(
      """
      SELECT header FROM messages
      WHERE room = :room AND author = :author AND direction = 'in'
        AND status IN ('received', 'handled')
      ORDER BY rowid DESC
      """)
  java.util.stream.Stream<byte[]> takenFrom(String room, String author);

  @SqlQuery("SELECT count(*) FROM messages WHERE room = :room AND status = 'waiting'")
  int waitingIn(String room);

  @SqlQuery("SELECT upto FROM inbox_skipped WHERE peer = :peer")
  Optional<Long> skippedUpto(String peer);

  @SqlUpdate(
      """
      INSERT INTO inbox_skipped (peer, upto) VALUES (:peer, :seq)
      ON CONFLICT (peer) DO UPDATE SET upto = max(upto, excluded.upto)
      """)
  void skipped(String peer, long seq);
}

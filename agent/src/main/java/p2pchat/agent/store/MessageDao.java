package p2pchat.agent.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.RoomHeader;

/**
 * The {@code messages} table. Rows come back with the status a reader expects: for an outgoing row,
 * SENT and DELIVERED follow from its outbox's watermarks (see V1__init.sql), which {@link #ROWS}
 * joins in. Stateless.
 */
@RegisterRowMapper(MessageDao.RowMapper.class)
interface MessageDao extends SqlObject {

  /**
   * One row of the {@code messages} table, column for column (nested here so that JDBI can bind its
   * accessors while it stays package-private); {@link #toMessage} adds the agent's own name to make
   * a {@link Message}. Immutable.
   */
  record Row(
      String id,
      String peer,
      String direction,
      long seq,
      String text,
      String data,
      String status,
      long sentAt,
      Long receivedAt,
      boolean offline,
      Long expiresAt,
      String room,
      String author,
      byte[] header) {

    /**
     * {@code m} queued to {@code peer}, the {@code seq}-th of their pair: a direct message's row
     * when {@code room}, {@code author} and {@code header} are null, else one member's copy of a
     * room message.
     */
    static Row queued(
        String id,
        String peer,
        long seq,
        Outgoing m,
        long sentAt,
        String room,
        String author,
        byte[] header) {
      return new Row(
          id,
          peer,
          "out",
          seq,
          m.text(),
          m.dataJson(),
          "queued",
          sentAt,
          null,
          m.offline(),
          m.expiresAt(),
          room,
          author,
          header);
    }

    Row withHeader(byte[] bytes) {
      return new Row(
          id,
          peer,
          direction,
          seq,
          text,
          data,
          status,
          sentAt,
          receivedAt,
          offline,
          expiresAt,
          room,
          author,
          bytes);
    }

    Message toMessage(String self) {
      boolean out = direction.equals("out");
      if (header != null) {
        // One member's copy of a room message: the id before '/' is the message's (docs/rooms.md).
        int slash = id.indexOf('/');
        return new Message(
            slash < 0 ? id : id.substring(0, slash),
            author, // an out row's too: a copy passed on is another's message
            out ? peer : self,
            out ? Message.Direction.OUT : Message.Direction.IN,
            seq,
            text,
            data,
            status(status),
            sentAt,
            receivedAt,
            offline,
            expiresAt,
            RoomHeader.parse(header));
      }
      return new Message(
          id,
          out ? self : peer,
          out ? peer : self,
          out ? Message.Direction.OUT : Message.Direction.IN,
          seq,
          text,
          data,
          status(status),
          sentAt,
          receivedAt,
          offline,
          expiresAt);
    }

    private static Message.Status status(String dbName) {
      return switch (dbName) {
        case "queued" -> Message.Status.QUEUED;
        case "sent" -> Message.Status.SENT;
        case "delivered" -> Message.Status.DELIVERED;
        case "expired" -> Message.Status.EXPIRED;
        case "received" -> Message.Status.RECEIVED;
        case "handled" -> Message.Status.HANDLED;
        case "waiting" -> Message.Status.WAITING;
        default ->
            throw new IllegalStateException("unknown message status in the database: " + dbName);
      };
    }
  }

  /** Every row query selects these columns, in this order, with the outgoing status derived. */
  String COLUMNS =
      """
      SELECT m.id, m.peer, m.direction, m.seq, m.text, m.data,
        CASE WHEN m.status <> 'queued' THEN m.status
             WHEN m.seq <= o.delivered_upto THEN 'delivered'
             WHEN m.seq <= o.sent_upto THEN 'sent'
             ELSE 'queued' END,
        m.sent_at, m.received_at, m.offline, m.expires_at, m.room, m.author, m.header
      """;

  String ROWS =
      COLUMNS + "FROM messages m LEFT JOIN outbox o ON m.direction = 'out' AND o.peer = m.peer\n";

  /**
   * The same columns with the stored status, for the writer's queries that set the status anyway.
   */
  String STORED_ROWS =
      """
      SELECT m.id, m.peer, m.direction, m.seq, m.text, m.data, m.status, m.sent_at, m.received_at, m.offline, m.expires_at, m.room, m.author, m.header
      FROM messages m
      """;

  /**
   * Maps the columns in the order every query here selects them (id, peer, direction, seq, text,
   * data, status, sent_at, received_at, offline, expires_at, room, author, header): a reflective
   * mapper would match column names on every query, which costs more than a small read. Stateless.
   */
  final class RowMapper implements org.jdbi.v3.core.mapper.RowMapper<Row> {
    @Override
    public Row map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Row(
          rs.getString(1),
          rs.getString(2),
          rs.getString(3),
          rs.getLong(4),
          rs.getString(5),
          rs.getString(6),
          rs.getString(7),
          rs.getLong(8),
          nullableLong(rs, 9),
          rs.getBoolean(10),
          nullableLong(rs, 11),
          rs.getString(12),
          rs.getString(13),
          rs.getBytes(14));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
      long value = rs.getLong(column);
      return rs.wasNull() ? null : value;
    }
  }

  /** The pair's last seq; for 'in', counting the MSGs that needed no row (V3__rooms.sql). */
  @SqlQuery(
      """
      SELECT max(
        coalesce((SELECT max(seq) FROM messages WHERE direction = :direction AND peer = :peer), 0),
        CASE WHEN :direction = 'in'
             THEN coalesce((SELECT upto FROM inbox_skipped WHERE peer = :peer), 0) ELSE 0 END)
      """)
  Optional<Long> maxSeq(String direction, String peer);

  /**
   * Not yet delivered nor expired, above {@code afterSeq}, by seq. (An uncorrelated subquery, so
   * the seq bound is an index bound.)
   */
  @SqlQuery(
      ROWS
          + """
      WHERE m.direction = 'out' AND m.peer = :peer AND m.status = 'queued'
        AND m.seq > max(:afterSeq, coalesce((SELECT delivered_upto FROM outbox WHERE peer = :peer), 0))
      ORDER BY m.seq
      LIMIT :limit
      """)
  List<Row> pendingOut(String peer, long afterSeq, int limit);

  /**
   * Not expired, seq in (fromSeq, uptoSeq], by seq: what an acknowledgement up to uptoSeq delivers.
   */
  @SqlQuery(
      STORED_ROWS
          + """
      WHERE m.direction = 'out' AND m.peer = :peer AND m.status = 'queued' AND m.seq > :fromSeq AND m.seq <= :uptoSeq
      ORDER BY m.seq
      """)
  List<Row> queuedBetween(String peer, long fromSeq, long uptoSeq);

  /**
   * Past their time and never sent, in storage order. Once on the wire a message waits for its
   * acknowledgement: the receiver may have it already, so it must not turn "expired".
   */
  @SqlQuery(
      """
      SELECT m.id, m.peer, m.direction, m.seq, m.text, m.data, m.status, m.sent_at, m.received_at, m.offline, m.expires_at, m.room, m.author, m.header
      FROM messages m INDEXED BY messages_expiring LEFT JOIN outbox o ON o.peer = m.peer
      WHERE m.direction = 'out' AND m.status = 'queued' AND m.expires_at IS NOT NULL AND m.expires_at < :now
        AND m.seq > coalesce(o.sent_upto, 0)
      ORDER BY m.rowid
      """)
  List<Row> due(long now);

  /** Whether any outgoing message with a time-to-live is still queued. */
  @SqlQuery(
      """
      SELECT EXISTS (SELECT 1 FROM messages m INDEXED BY messages_expiring
        WHERE m.direction = 'out' AND m.status = 'queued' AND m.expires_at IS NOT NULL)
      """)
  boolean anyExpiring();

  @SqlBatch("UPDATE messages SET status = 'expired' WHERE id = ?")
  void markExpiredAll(Iterable<String> ids);

  /** Stores 'delivered' on delivered rows past their time, so they leave messages_expiring. */
  @SqlUpdate(
      """
      UPDATE messages SET status = 'delivered'
      WHERE id IN (
        SELECT m.id FROM messages m INDEXED BY messages_expiring JOIN outbox o ON o.peer = m.peer
        WHERE m.direction = 'out' AND m.status = 'queued' AND m.expires_at IS NOT NULL AND m.expires_at < :now
          AND m.seq <= o.delivered_upto)
      """)
  int settleDeliveredDue(long now);

  @SqlQuery(
      """
      SELECT o.peer FROM outbox o
      WHERE EXISTS (
        SELECT 1 FROM messages m
        WHERE m.direction = 'out' AND m.peer = o.peer AND m.seq > o.delivered_upto AND m.status = 'queued')
      ORDER BY o.peer
      """)
  List<String> peersWithPendingOut();

  @SqlQuery(
      ROWS
          + """
      WHERE m.status = 'received'
      ORDER BY m.rowid
      LIMIT :limit
      """)
  List<Row> unhandled(int limit);

  /**
   * Per receiver, how many messages wait for its acknowledgement (queued or sent, not expired): the
   * backlog rows only, through the (direction, peer, seq) index.
   */
  @SqlQuery(
      """
      SELECT o.peer AS peer, count(m.id) AS n FROM outbox o
      JOIN messages m ON m.direction = 'out' AND m.peer = o.peer AND m.seq > o.delivered_upto
      WHERE m.status = 'queued'
      GROUP BY o.peer
      """)
  @KeyColumn("peer")
  @ValueColumn("n")
  Map<String, Long> outboxDepths();

  /** Per sender, how many of its messages are stored and not yet handled. */
  @SqlQuery(
      "SELECT peer, count(*) AS n FROM messages WHERE direction = 'in' AND status = 'received' GROUP BY peer")
  @KeyColumn("peer")
  @ValueColumn("n")
  Map<String, Integer> unhandledBySender();

  @SqlQuery(ROWS + "ORDER BY m.rowid")
  List<Row> all();

  @SqlQuery(
      ROWS
          + """
      WHERE m.peer = :peer
      ORDER BY m.rowid
      """)
  List<Row> withPeer(String peer);

  /** A room's rows, both ways, in storage order (history --with '#ops'). */
  @SqlQuery(
      ROWS
          + """
      WHERE m.room = :room
      ORDER BY m.rowid
      """)
  List<Row> inRoom(String room);

  /** A room's incoming rows waiting for an earlier message of their author's, or for a version. */
  @SqlQuery(
      STORED_ROWS
          + """
      WHERE m.room = :room AND m.status = 'waiting'
      ORDER BY m.rowid
      """)
  List<Row> waitingIn(String room);

  /**
   * Taken at last: {@code status} ('received', or 'handled' at an agent without a script), and
   * moved to the end of storage order, so that a dispatcher reading the inbox back after a restart
   * hands it over after the earlier message it waited for.
   */
  @SqlBatch(
      """
      UPDATE messages SET status = :status, rowid = (SELECT max(rowid) + 1 FROM messages)
      WHERE id = :id AND status = 'waiting'
      """)
  void takeWaiting(@Bind("id") Iterable<String> ids, @Bind("status") String status);

  /** The room's rows this agent took from others, in the order it took them (for passing on). */
  @SqlQuery(
      STORED_ROWS
          + """
      WHERE m.room = :room AND m.direction = 'in' AND m.status IN ('received', 'handled')
      ORDER BY m.rowid
      """)
  List<Row> roomCopiesIn(String room);

  @SqlQuery("SELECT count(*) > 0 FROM messages WHERE id = :id")
  boolean exists(String id);

  @SqlBatch("DELETE FROM messages WHERE id = ? AND status = 'waiting'")
  void dropWaiting(Iterable<String> ids);
}

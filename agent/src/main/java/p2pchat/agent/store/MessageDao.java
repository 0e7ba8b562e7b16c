package p2pchat.agent.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import p2pchat.agent.Message;

/**
 * The {@code messages} table. Without statistics the planner prefers the unique (direction, peer,
 * seq) index, which would walk a peer's whole history; {@code INDEXED BY} keeps outbox queries on
 * the small partial indexes (and fails loudly if one stopped matching). Stateless.
 */
@RegisterRowMapper(MessageDao.RowMapper.class)
interface MessageDao extends SqlObject {

  /**
   * One row of the {@code messages} table, column for column (nested here so that JDBI can bind
   * its accessors while it stays package-private); {@link #toMessage} adds the agent's
   * own name to make a {@link Message}. Immutable.
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
      Long expiresAt) {

    Message toMessage(String self) {
      boolean out = direction.equals("out");
      return new Message(
          id, out ? self : peer, out ? peer : self, out ? Message.Direction.OUT : Message.Direction.IN, seq, text, data,
          status(status), sentAt, receivedAt, offline, expiresAt);
    }

    private static Message.Status status(String dbName) {
      return switch (dbName) {
        case "queued" -> Message.Status.QUEUED;
        case "sent" -> Message.Status.SENT;
        case "delivered" -> Message.Status.DELIVERED;
        case "expired" -> Message.Status.EXPIRED;
        case "received" -> Message.Status.RECEIVED;
        case "handled" -> Message.Status.HANDLED;
        default -> throw new IllegalStateException("unknown message status in the database: " + dbName);
      };
    }
  }

  /**
   * Maps the columns in the order every query here selects them (id, peer, direction, seq, text,
   * data, status, sent_at, received_at, offline, expires_at): a reflective mapper would match
   * column names on every query, which costs more than a small read. Stateless.
   */
  final class RowMapper implements org.jdbi.v3.core.mapper.RowMapper<Row> {
    @Override
    public Row map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
          rs.getString(6), rs.getString(7), rs.getLong(8), nullableLong(rs, 9), rs.getBoolean(10),
          nullableLong(rs, 11));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
      long value = rs.getLong(column);
      return rs.wasNull() ? null : value;
    }
  }

  @SqlBatch("""
      INSERT INTO messages (id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at)
      VALUES (:id, :peer, :direction, :seq, :text, :data, :status, :sentAt, :receivedAt, :offline, :expiresAt)
      """)
  void insertAll(@BindMethods Iterable<Row> rows);

  /** One count per row: 1 if stored, 0 if a row with that id (or pair and seq) was already there. */
  @SqlBatch("""
      INSERT OR IGNORE INTO messages (id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at)
      VALUES (:id, :peer, :direction, :seq, :text, :data, :status, :sentAt, :receivedAt, :offline, :expiresAt)
      """)
  int[] insertAllIgnoringDuplicates(@BindMethods Iterable<Row> rows);

  @SqlBatch("UPDATE messages SET status = 'handled' WHERE id = ? AND status = 'received'")
  void markHandledAll(Iterable<String> ids);

  @SqlQuery("SELECT max(seq) FROM messages WHERE direction = :direction AND peer = :peer")
  Optional<Long> maxSeq(String direction, String peer);

  @SqlQuery("""
      SELECT id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at
      FROM messages INDEXED BY messages_pending_out
      WHERE direction = 'out' AND status IN ('queued', 'sent') AND peer = :peer AND seq > :afterSeq
      ORDER BY seq
      LIMIT :limit
      """)
  List<Row> pendingOut(String peer, long afterSeq, int limit);

  @SqlQuery("""
      SELECT id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at
      FROM messages INDEXED BY messages_pending_out
      WHERE direction = 'out' AND status IN ('queued', 'sent') AND peer = :peer AND seq <= :uptoSeq
      ORDER BY seq
      """)
  List<Row> pendingOutUpTo(String peer, long uptoSeq);

  @SqlUpdate("""
      UPDATE messages INDEXED BY messages_pending_out SET status = :status
      WHERE direction = 'out' AND status IN ('queued', 'sent') AND peer = :peer AND seq <= :uptoSeq
      """)
  int markPendingUpTo(String peer, long uptoSeq, String status);

  @SqlUpdate("""
      UPDATE messages INDEXED BY messages_pending_out SET status = 'sent'
      WHERE direction = 'out' AND status IN ('queued', 'sent') AND peer = :peer AND seq BETWEEN :fromSeq AND :toSeq
        AND status = 'queued'
      """)
  int markSent(String peer, long fromSeq, long toSeq);

  @SqlQuery("""
      SELECT id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at
      FROM messages INDEXED BY messages_expiring
      WHERE direction = 'out' AND status = 'queued' AND expires_at IS NOT NULL AND expires_at < :now
      ORDER BY rowid
      """)
  List<Row> due(long now);

  @SqlUpdate("""
      UPDATE messages INDEXED BY messages_expiring SET status = 'expired'
      WHERE direction = 'out' AND status = 'queued' AND expires_at IS NOT NULL AND expires_at < :now
      """)
  int markDueExpired(long now);

  @SqlQuery("""
      SELECT DISTINCT peer FROM messages INDEXED BY messages_pending_out
      WHERE direction = 'out' AND status IN ('queued', 'sent')
      """)
  List<String> peersWithPendingOut();

  @SqlQuery("""
      SELECT id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at
      FROM messages
      WHERE status = 'received'
      ORDER BY rowid
      LIMIT :limit
      """)
  List<Row> unhandled(int limit);

  @SqlQuery("""
      SELECT id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at
      FROM messages
      ORDER BY rowid
      """)
  List<Row> all();

  @SqlQuery("""
      SELECT id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at
      FROM messages
      WHERE peer = :peer
      ORDER BY rowid
      """)
  List<Row> withPeer(String peer);
}

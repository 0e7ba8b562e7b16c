package p2pchat.agent.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code messages} table. Without statistics the planner prefers the unique (direction, peer,
 * seq) index, which would walk a peer's whole history; {@code INDEXED BY} keeps outbox queries on
 * the small partial indexes (and fails loudly if one stopped matching). Stateless.
 */
@RegisterConstructorMapper(MessageRow.class)
interface MessageDao extends SqlObject {
  @SqlBatch("""
      INSERT INTO messages (id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at)
      VALUES (:id, :peer, :direction, :seq, :text, :data, :status, :sentAt, :receivedAt, :offline, :expiresAt)
      """)
  void insertAll(@BindMethods Iterable<MessageRow> rows);

  /** One count per row: 1 if stored, 0 if a row with that id (or pair and seq) was already there. */
  @SqlBatch("""
      INSERT OR IGNORE INTO messages (id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at)
      VALUES (:id, :peer, :direction, :seq, :text, :data, :status, :sentAt, :receivedAt, :offline, :expiresAt)
      """)
  int[] insertAllIgnoringDuplicates(@BindMethods Iterable<MessageRow> rows);

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
  List<MessageRow> pendingOut(String peer, long afterSeq, int limit);

  @SqlQuery("""
      SELECT id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at
      FROM messages INDEXED BY messages_pending_out
      WHERE direction = 'out' AND status IN ('queued', 'sent') AND peer = :peer AND seq <= :uptoSeq
      ORDER BY seq
      """)
  List<MessageRow> pendingOutUpTo(String peer, long uptoSeq);

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
      WHERE direction = 'out' AND status IN ('queued', 'sent') AND expires_at IS NOT NULL AND expires_at < :now
        AND status = 'queued'
      ORDER BY rowid
      """)
  List<MessageRow> due(long now);

  @SqlUpdate("""
      UPDATE messages INDEXED BY messages_expiring SET status = 'expired'
      WHERE direction = 'out' AND status IN ('queued', 'sent') AND expires_at IS NOT NULL AND expires_at < :now
        AND status = 'queued'
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
  List<MessageRow> unhandled(int limit);

  @SqlQuery("""
      SELECT id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at
      FROM messages
      ORDER BY rowid
      """)
  List<MessageRow> all();

  @SqlQuery("""
      SELECT id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at
      FROM messages
      WHERE peer = :peer
      ORDER BY rowid
      """)
  List<MessageRow> withPeer(String peer);
}

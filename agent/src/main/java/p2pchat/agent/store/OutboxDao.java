package p2pchat.agent.store;

import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code outbox} table: how far sending and delivery to each receiver have got. Stateless. */
interface OutboxDao extends SqlObject {

  @SqlBatch("INSERT OR IGNORE INTO outbox (peer) VALUES (?)")
  void ensureAll(Iterable<String> peers);

  @SqlQuery("SELECT delivered_upto FROM outbox WHERE peer = :peer")
  Optional<Long> deliveredUpto(String peer);

  @SqlUpdate("UPDATE outbox SET sent_upto = max(sent_upto, :seq) WHERE peer = :peer")
  void sentUpTo(String peer, long seq);

  @SqlUpdate(
      """
      UPDATE outbox SET delivered_upto = max(delivered_upto, :seq), sent_upto = max(sent_upto, :seq)
      WHERE peer = :peer
      """)
  void deliveredUpTo(String peer, long seq);
}

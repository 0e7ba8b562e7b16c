package p2pchat.agent.store;

import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code peers} table (last known key and address of each peer). Stateless. */
@RegisterConstructorMapper(RememberedPeer.class)
interface PeerDao extends SqlObject {

  @SqlUpdate(
      """
      INSERT INTO peers (name, public_key, host, port, updated_at)
      VALUES (:name, :publicKey, :host, :port, :updatedAt)
      ON CONFLICT (name) DO UPDATE SET
        public_key = excluded.public_key, host = excluded.host, port = excluded.port, updated_at = excluded.updated_at
      """)
  void save(@BindMethods RememberedPeer peer);

  @SqlQuery("SELECT name, public_key, host, port, updated_at FROM peers ORDER BY name")
  List<RememberedPeer> all();
}

package p2pchat.agent.store;

import java.util.Map;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The {@code kv} table (script state: key to JSON text). Stateless. */
interface KvDao extends SqlObject {

  /** A key and its JSON value. Immutable. */
  record Entry(String key, String value) {}

  @SqlBatch(
      "INSERT INTO kv (key, value) VALUES (:key, :value) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
  void putAll(@BindMethods Iterable<Entry> entries);

  @SqlBatch("DELETE FROM kv WHERE key = ?")
  void deleteAll(Iterable<String> keys);

  @SqlQuery("SELECT key, value FROM kv ORDER BY key")
  @KeyColumn("key")
  @ValueColumn("value")
  Map<String, String> all();
}

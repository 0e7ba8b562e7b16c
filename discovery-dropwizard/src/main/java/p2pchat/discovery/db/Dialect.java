package p2pchat.discovery.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * What differs between the registry's two database engines; everything else (the DAOs, the
 * group-commit writer, the schema of {@code V1}) is shared. Stateless and thread-safe.
 */
public enum Dialect {
  /** One process on one file (or {@code :memory:}); BEGIN IMMEDIATE serialises writers. */
  SQLITE(List.of("V1__peers.sql", "V3__lease_token.sql")) {
    @Override
    int schemaVersion(Handle handle) {
      return handle.createQuery("PRAGMA user_version").mapTo(Integer.class).one();
    }

    @Override
    void schemaVersion(Handle handle, int version) {
      handle.execute("PRAGMA user_version = " + version);
    }

    @Override
    void lockLog(Handle handle) {
      // the transaction began IMMEDIATE: it already holds the one write lock
    }

    @Override
    public long nowMillis(Handle handle) {
      return System.currentTimeMillis(); // one machine: its clock is the database's
    }
  },

  /** Several registry instances on one server. */
  POSTGRESQL(
      List.of(
          "V1__peers.sql",
          "postgresql/V2__change_notify.sql",
          "V3__lease_token.sql",
          "postgresql/V4__renewals_in_place.sql")) {
    @Override
    void lockSchema(Handle handle) {
      // Instances starting together migrate one after the other.
      handle.execute("SELECT pg_advisory_xact_lock(7242001)");
      handle.execute("CREATE TABLE IF NOT EXISTS registry_schema (version INTEGER NOT NULL)");
    }

    @Override
    int schemaVersion(Handle handle) {
      return handle
          .createQuery("SELECT coalesce(max(version), 0) FROM registry_schema")
          .mapTo(Integer.class)
          .one();
    }

    @Override
    void schemaVersion(Handle handle, int version) {
      handle.execute("DELETE FROM registry_schema");
      handle.execute("INSERT INTO registry_schema (version) VALUES (?)", version);
    }

    @Override
    void lockLog(Handle handle) {
      // Every write transaction takes the log's row first: versions then commit in order (a
      // reader of since=N never skips one), and no two instances' batches can deadlock.
      handle
          .createQuery("SELECT version FROM registry_state WHERE id = 1 FOR UPDATE")
          .mapTo(Long.class)
          .one();
    }

    @Override
    public long nowMillis(Handle handle) {
      return handle
          .createQuery("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")
          .mapTo(Long.class)
          .one();
    }

    /**
     * One statement and one round trip for the whole batch (a JDBC batch would be one statement per
     * lease): the entries travel as arrays, and the rows renewed come back.
     */
    @Override
    public int[] renew(PeerDao dao, RenewalBatch batch, long now, long until) {
      Connection c = dao.getHandle().getConnection();
      Map<String, Integer> renewed = new HashMap<>();
      try (PreparedStatement update = c.prepareStatement(RENEW_ALL)) {
        update.setLong(1, now);
        update.setLong(2, until);
        update.setArray(3, c.createArrayOf("varchar", batch.names().toArray()));
        update.setArray(4, c.createArrayOf("bigint", batch.epochs().toArray()));
        update.setArray(5, c.createArrayOf("varchar", batch.oldHashes().toArray()));
        update.setArray(6, c.createArrayOf("varchar", batch.newHashes().toArray()));
        update.setLong(7, now);
        try (ResultSet rows = update.executeQuery()) {
          while (rows.next()) {
            renewed.put(rows.getString(1), rows.getInt(2));
          }
        }
      } catch (SQLException e) {
        throw new UnableToExecuteStatementException(e, null);
      }
      int[] out = new int[batch.size()];
      for (Map.Entry<String, Integer> row : renewed.entrySet()) {
        out[row.getValue() - 1] = 1; // the entry whose token matched; an exact duplicate stays 0
      }
      return out;
    }
  };

  private static final String RENEW_ALL =
      """
      UPDATE peers p SET last_seen = ?, lease_expires_at = ?, lease_token = v.new_hash
      FROM unnest(?::varchar[], ?::bigint[], ?::varchar[], ?::varchar[]) WITH ORDINALITY
        AS v(name, epoch, old_hash, new_hash, i)
      WHERE p.name = v.name AND p.epoch = v.epoch AND p.lease_token = v.old_hash
        AND p.status = 'online' AND p.lease_expires_at > ?
      RETURNING p.name, v.i
      """;

  private final List<String> migrations;

  Dialect(List<String> migrations) {
    this.migrations = migrations;
  }

  /** The dialect of a database setting: a {@code jdbc:postgresql:} URL, else an SQLite file. */
  public static Dialect of(String database) {
    return database.startsWith("jdbc:postgresql:") ? POSTGRESQL : SQLITE;
  }

  /** The migration files under {@code db/registry/}, in order. */
  List<String> migrations() {
    return migrations;
  }

  /** Serialises migrations of instances starting together; creates the version's home. */
  void lockSchema(Handle handle) {}

  abstract int schemaVersion(Handle handle);

  abstract void schemaVersion(Handle handle, int version);

  /** Takes the change log's lock at the start of a write transaction. */
  abstract void lockLog(Handle handle);

  /** The database's clock, in epoch milliseconds. */
  public abstract long nowMillis(Handle handle);

  /**
   * Renews each entry of {@code batch} whose peer is still online and its lease not over at {@code
   * now}, until {@code until}; per entry 1 if renewed, 0 if not.
   */
  public int[] renew(PeerDao dao, RenewalBatch batch, long now, long until) {
    return dao.renew(
        batch.names(), batch.epochs(), batch.oldHashes(), batch.newHashes(), now, until);
  }
}

package p2pchat.discovery.db;

import java.util.List;
import org.jdbi.v3.core.Handle;

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
  POSTGRESQL(List.of("V1__peers.sql", "postgresql/V2__change_notify.sql", "V3__lease_token.sql")) {
    @Override
    void lockSchema(Handle handle) {
      // Instances starting together migrate one after the other.
      handle.execute("SELECT pg_advisory_xact_lock(7242001)");
      handle.execute("CREATE TABLE IF NOT EXISTS registry_schema (version INTEGER NOT NULL)");
    }

    @Override
    int schemaVersion(Handle handle) {
      return handle.createQuery("SELECT coalesce(max(version), 0) FROM registry_schema").mapTo(Integer.class).one();
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
      handle.createQuery("SELECT version FROM registry_state WHERE id = 1 FOR UPDATE").mapTo(Long.class).one();
    }

    @Override
    public long nowMillis(Handle handle) {
      return handle.createQuery("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")
          .mapTo(Long.class).one();
    }
  };

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
}

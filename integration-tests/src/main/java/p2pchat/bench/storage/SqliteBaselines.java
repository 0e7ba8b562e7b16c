package p2pchat.bench.storage;

import static p2pchat.bench.storage.StoreLoads.TEXT;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;

/**
 * The storage baselines, raw JDBC on the agent's schema and the same disk: the group-commit ceiling
 * (prepared batches of 100 rows per FULL-synchronous transaction) and the prototype's naive outbox
 * (one transaction and fsync per message). Each returns messages per second. Stateless; each call
 * makes a new database in the directory it is given.
 */
public final class SqliteBaselines {
  private SqliteBaselines() {}

  public static double ceiling(Path dir, int total) throws SQLException {
    try (Connection c = raw(dir)) {
      c.setAutoCommit(false);
      long msb = System.currentTimeMillis() << 16;
      try (PreparedStatement insert = c.prepareStatement(INSERT)) {
        long start = System.nanoTime();
        for (int n = 0; n < total; ) {
          for (int i = 0; i < 100 && n < total; i++, n++) {
            bind(insert, StoreLoads.id(msb++), n + 1);
            insert.addBatch();
          }
          insert.executeBatch();
          c.commit();
        }
        return total * 1e9 / (System.nanoTime() - start);
      }
    }
  }

  static double naive(Path dir, int max) throws SQLException {
    try (Connection c = raw(dir);
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      long msb = System.currentTimeMillis() << 16;
      long start = System.nanoTime();
      long deadline = start + TimeUnit.SECONDS.toNanos(3);
      int n = 0;
      while (n < max && System.nanoTime() < deadline) {
        bind(insert, StoreLoads.id(msb++), ++n);
        insert.executeUpdate(); // autocommit: one transaction, one fsync
      }
      return n * 1e9 / (System.nanoTime() - start);
    }
  }

  private static final String INSERT =
      """
      INSERT INTO messages (id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at)
      VALUES (?, 'Bob', 'out', ?, ?, NULL, 'queued', ?, NULL, 0, NULL)
      """;

  private static void bind(PreparedStatement insert, String id, long seq) throws SQLException {
    insert.setString(1, id);
    insert.setLong(2, seq);
    insert.setString(3, TEXT);
    insert.setLong(4, System.currentTimeMillis());
  }

  /** A FULL-synchronous WAL connection on a new database with the agent's schema. */
  private static Connection raw(Path dir) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setGetGeneratedKeys(false);
    Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("raw.db"));
    Jdbi.create(c).useHandle(h -> h.createScript(schema()).execute()); // leaves c open
    return c;
  }

  private static String schema() {
    try (InputStream in = SqliteBaselines.class.getResourceAsStream("/db/agent/V1__init.sql")) {
      if (in == null) {
        throw new IllegalStateException(
            "the agent's schema (db/agent/V1__init.sql) is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

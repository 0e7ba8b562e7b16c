package p2pchat.agent.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * Brings an agent database to the current schema: the files {@code db/agent/V<n>__<name>.sql} are
 * applied in order, each in its own transaction together with {@code PRAGMA user_version = n}.
 * Deliberately tiny (no Flyway) because a thousand agents may start in one JVM. Stateless.
 */
final class Migrations {
  /** Add a file under src/main/resources/db/agent and its name here; never edit a released one. */
  static final List<String> FILES =
      List.of("V1__init.sql", "V2__outbox_watermarks.sql", "V3__rooms.sql");

  static int latest() {
    return FILES.size();
  }

  /** Applies what is missing; a database from a newer p2pchat is refused. */
  static void apply(Handle handle, String dbFile) {
    int current = version(handle);
    if (current > latest()) {
      throw tooNew(dbFile, current);
    }
    for (int v = current + 1; v <= latest(); v++) {
      List<String> statements = statements(handle, FILES.get(v - 1));
      int version = v;
      handle.useTransaction(
          h -> {
            try (Statement jdbc = h.getConnection().createStatement()) {
              for (String sql : statements) {
                jdbc.execute(sql);
              }
              jdbc.execute("PRAGMA user_version = " + version);
            } catch (SQLException e) {
              throw new StoreException(
                  "database " + dbFile + ": migration to version " + version + " failed: " + e, e);
            }
          });
    }
  }

  /** Each file split into statements once per process: a thousand agents start with the same. */
  private static final Map<String, List<String>> SPLIT = new ConcurrentHashMap<>();

  private static List<String> statements(Handle handle, String file) {
    return SPLIT.computeIfAbsent(
        file, f -> List.copyOf(handle.createScript(load(f)).getStatements()));
  }

  /** For read-only use: the schema must already be the current one. */
  static void check(Handle handle, String dbFile) {
    int current = version(handle);
    if (current > latest()) {
      throw tooNew(dbFile, current);
    }
    if (current < latest()) {
      throw new StoreException(
          "database "
              + dbFile
              + " has schema version "
              + current
              + ", this p2pchat needs "
              + latest()
              + "; start the agent once to upgrade it");
    }
  }

  static int version(Handle handle) {
    return handle.createQuery("PRAGMA user_version").mapTo(Integer.class).one();
  }

  private static StoreException tooNew(String dbFile, int version) {
    return new StoreException(
        "database "
            + dbFile
            + " has schema version "
            + version
            + ", newer than this p2pchat understands ("
            + latest()
            + "); use a newer p2pchat");
  }

  private static String load(String file) {
    String path = "/db/agent/" + file;
    try (InputStream in = Migrations.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("migration " + path + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Migrations() {}
}

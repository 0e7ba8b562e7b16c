package p2pchat.discovery.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Applies the schema files {@code db/registry/V<n>__<what>.sql} in order, each in one
 * transaction, remembering the last applied one in SQLite's {@code PRAGMA user_version}.
 * Stateless and thread-safe; run it once at start-up.
 */
public final class Migrations {
  /** Every migration file, in order; a new schema change appends one entry. */
  static final List<String> FILES = List.of("V1__peers.sql");

  private static final String FOLDER = "/db/registry/";

  private Migrations() {}

  /** Brings the schema up to date and returns its version. */
  public static int apply(Jdbi jdbi) {
    return jdbi.inTransaction(
        handle -> {
          int current = handle.createQuery("PRAGMA user_version").mapTo(Integer.class).one();
          if (current > FILES.size()) {
            throw new IllegalStateException(
                "the database has schema version " + current + " but this registry knows only up to "
                    + FILES.size() + "; use a newer registry or another --db file");
          }
          for (int v = current + 1; v <= FILES.size(); v++) {
            run(handle, FILES.get(v - 1));
            handle.execute("PRAGMA user_version = " + v);
          }
          return FILES.size();
        });
  }

  private static void run(Handle handle, String file) {
    for (String statement : statements(read(file))) {
      handle.execute(statement);
    }
  }

  /** Splits a migration file into statements; our files keep semicolons out of strings. */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        out.add(current.toString().strip().replaceAll(";$", ""));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  private static String read(String file) {
    try (InputStream in = Migrations.class.getResourceAsStream(FOLDER + file)) {
      if (in == null) {
        throw new IllegalStateException("migration " + FOLDER + file + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

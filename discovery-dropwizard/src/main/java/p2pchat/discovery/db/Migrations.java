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
 * Applies the schema files {@code db/registry/V<n>__<what>.sql} of a {@link Dialect} in order, in
 * one transaction, remembering the last applied one (SQLite: {@code PRAGMA user_version};
 * PostgreSQL: the {@code registry_schema} table, under an advisory lock so instances starting
 * together migrate once). A file under {@code postgresql/} is that dialect's own. Stateless and
 * thread-safe; run it once at start-up.
 */
public final class Migrations {
  /** Every SQLite migration file, in order; a new schema change appends one entry per dialect. */
  static final List<String> FILES = Dialect.SQLITE.migrations();

  private static final String FOLDER = "/db/registry/";

  private Migrations() {}

  /** Brings the schema up to date and returns its version. */
  public static int apply(Jdbi jdbi) {
    return apply(jdbi, Dialect.SQLITE);
  }

  /** Brings the schema of a {@code dialect} database up to date and returns its version. */
  public static int apply(Jdbi jdbi, Dialect dialect) {
    List<String> files = dialect.migrations();
    return jdbi.inTransaction(
        handle -> {
          dialect.lockSchema(handle);
          int current = dialect.schemaVersion(handle);
          if (current > files.size()) {
            throw new IllegalStateException(
                "the database has schema version "
                    + current
                    + " but this registry knows only up to "
                    + files.size()
                    + "; use a newer registry or another --db");
          }
          for (int v = current + 1; v <= files.size(); v++) {
            run(handle, files.get(v - 1));
            dialect.schemaVersion(handle, v);
          }
          return files.size();
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

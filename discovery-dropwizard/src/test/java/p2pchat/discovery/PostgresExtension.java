package p2pchat.discovery;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL for registry tests: one {@link LocalPostgres} server per test JVM, started on
 * first use from the machine's binaries and stopped at JVM exit, and a fresh database per test
 * class ({@link #url()}), or per test where a test needs an empty one ({@link #newDatabase()}). Use
 * as {@code @RegisterExtension static final PostgresExtension PG = new PostgresExtension();}.
 * Thread-safe.
 */
public final class PostgresExtension implements BeforeAllCallback {
  private static LocalPostgres server; // one per JVM: initdb costs seconds

  private volatile String url;

  @Override
  public void beforeAll(ExtensionContext context) {
    url = newDatabase();
  }

  /** This test class's database. */
  public String url() {
    if (url == null) {
      throw new IllegalStateException(
          "register PostgresExtension with @RegisterExtension on a static field");
    }
    return url;
  }

  /** A new empty database on the shared server. */
  public String newDatabase() {
    return server().createDatabase();
  }

  public static synchronized LocalPostgres server() {
    if (server == null) {
      server = LocalPostgres.start(); // stopped by its own shutdown hook
    }
    return server;
  }
}

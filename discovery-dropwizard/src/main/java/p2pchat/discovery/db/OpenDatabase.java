package p2pchat.discovery.db;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.util.Duration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * What {@link RegistryDatabase#start()} opened, and how: for SQLite (a file or {@code :memory:}) a
 * pooled DataSource with WAL, busy timeout and IMMEDIATE write transactions set as driver
 * connection properties, plus lookup connections of their own for a file; for PostgreSQL the pool
 * Dropwizard's {@code DataSourceFactory} describes. Either way JDBI, the schema brought up to date
 * and one group-commit writer. Closed together by {@link #close()}. Immutable; the parts are
 * thread-safe.
 */
record OpenDatabase(
    String location,
    ManagedDataSource dataSource,
    Jdbi jdbi,
    GroupCommitWriter writer,
    Connection memoryAnchor,
    LookupReaders lookups) {

  /**
   * Opens (creating if needed) the SQLite database at {@code database} and brings its schema up to
   * date.
   *
   * @throws DatabaseOpenException naming the file and the reason, in one line
   */
  static OpenDatabase sqlite(String database, int poolSize, MetricRegistry metrics) {
    String location = database;
    Connection anchor = null;
    LookupReaders lookups = null;
    DataSourceFactory factory = new DataSourceFactory();
    factory.setDriverClass("org.sqlite.JDBC");
    factory.setValidationQuery("SELECT 1");
    factory.setMaxWaitForConnection(Duration.seconds(10));
    // Reuse prepared statements per pooled connection: a lookup then skips SQLite's parser.
    factory.setJdbcInterceptors(
        Optional.of(
            "org.apache.tomcat.jdbc.pool.interceptor.StatementCache(prepared=true,callable=false,max=64)"));
    Map<String, String> props =
        Map.of(
            "busy_timeout", "5000",
            "transaction_mode", "IMMEDIATE",
            "synchronous",
                "NORMAL", // with WAL: survives a crash; a power cut may lose the last leases
            "foreign_keys", "true");
    try {
      if (RegistryDatabase.MEMORY.equals(database)) {
        // One shared in-memory database per registry; a single pooled connection avoids
        // shared-cache table locks, and the anchor keeps the database alive between uses.
        String url = "jdbc:sqlite:file:registry-" + UUID.randomUUID() + "?mode=memory&cache=shared";
        anchor = DriverManager.getConnection(url, properties(props));
        factory.setUrl(url);
        factory.setProperties(props);
        factory.setInitialSize(1);
        factory.setMinSize(1);
        factory.setMaxSize(1);
      } else {
        Path file = RegistryDatabase.expand(database);
        location = file.toString();
        if (Files.isDirectory(file)) {
          throw new DatabaseOpenException(location, "it is a folder, not a database file");
        }
        createParent(file, location);
        // Open once by hand first: a file that is not a database fails here with one clear
        // reason, before the pool would log its own stack trace.
        try (Connection probe =
            DriverManager.getConnection("jdbc:sqlite:" + file, properties(withWal(props)))) {
          probe.createStatement().execute("SELECT count(*) FROM sqlite_master");
        }
        factory.setUrl("jdbc:sqlite:" + file);
        factory.setProperties(withWal(props));
        factory.setInitialSize(Math.min(2, poolSize));
        factory.setMinSize(Math.min(2, poolSize));
        factory.setMaxSize(poolSize);
        lookups = new LookupReaders("jdbc:sqlite:" + file, poolSize);
      }
      ManagedDataSource dataSource = factory.build(metrics, "registry-db");
      Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
      try {
        Migrations.apply(jdbi);
        jdbi.withHandle(
            h -> h.attach(PeerDao.class).version()); // the schema is readable, not just present
      } catch (RuntimeException e) {
        dataSource.stop();
        throw e;
      }
      return new OpenDatabase(
          location, dataSource, jdbi, new GroupCommitWriter(jdbi, Dialect.SQLITE), anchor, lookups);
    } catch (DatabaseOpenException e) {
      closeQuietly(anchor);
      throw e;
    } catch (Exception e) {
      closeQuietly(anchor);
      throw new DatabaseOpenException(location, reason(e));
    }
  }

  /**
   * Connects to the PostgreSQL database at {@code url} through {@code factory}'s pool and brings
   * its schema up to date.
   *
   * @throws DatabaseOpenException naming the URL (password hidden) and the reason, in one line
   */
  static OpenDatabase postgres(String url, DataSourceFactory factory, MetricRegistry metrics) {
    String location = withoutPassword(url);
    ManagedDataSource dataSource = null;
    try {
      // Connect once by hand first: a wrong host, port or password fails here in one line.
      try (Connection probe = DriverManager.getConnection(url, postgresProperties(factory))) {
        probe.createStatement().execute("SELECT 1");
      }
      dataSource = factory.build(metrics, "registry-db");
      Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
      Migrations.apply(jdbi, Dialect.POSTGRESQL);
      jdbi.withHandle(h -> h.attach(PeerDao.class).version());
      return new OpenDatabase(
          location, dataSource, jdbi, new GroupCommitWriter(jdbi, Dialect.POSTGRESQL), null, null);
    } catch (Exception e) {
      if (dataSource != null) {
        try {
          dataSource.stop();
        } catch (Exception ignored) {
          // already failing
        }
      }
      throw new DatabaseOpenException(location, reason(e));
    }
  }

  /** The factory for a PostgreSQL URL: {@code given}'s settings, or a pool of {@code poolSize}. */
  static DataSourceFactory postgresFactory(String url, int poolSize, DataSourceFactory given) {
    DataSourceFactory factory = given != null ? given : new DataSourceFactory();
    factory.setDriverClass("org.postgresql.Driver");
    factory.setUrl(url);
    if (given == null) {
      factory.setUser(null);
      factory.setMaxSize(poolSize);
      factory.setMinSize(Math.min(2, poolSize));
      factory.setInitialSize(Math.min(2, poolSize));
    }
    factory.setValidationQuery("SELECT 1");
    factory.setMaxWaitForConnection(Duration.seconds(10));
    return factory;
  }

  /** The user, password and driver properties of {@code factory}, for a connection by hand. */
  static Properties postgresProperties(DataSourceFactory factory) {
    Properties p = new Properties();
    if (factory.getUser() != null) {
      p.setProperty("user", factory.getUser());
    }
    if (factory.getPassword() != null) {
      p.setProperty("password", factory.getPassword());
    }
    p.putAll(factory.getProperties());
    return p;
  }

  /** The URL as logs and health checks may show it. */
  static String withoutPassword(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  /** Stops the writer, the lookup connections and the pool; the pool is going away either way. */
  void close() {
    try {
      writer.stop();
      if (lookups != null) {
        lookups.close();
      }
      dataSource.stop();
    } catch (Exception e) {
      // the pool is going away either way
    } finally {
      closeQuietly(memoryAnchor);
    }
  }

  private static void createParent(Path file, String location) {
    Path parent = file.getParent();
    if (parent == null || Files.isDirectory(parent)) {
      return;
    }
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new DatabaseOpenException(
          location, "cannot create the folder " + parent + " (" + e + ")");
    }
  }

  private static Map<String, String> withWal(Map<String, String> props) {
    Map<String, String> all = new HashMap<>(props);
    all.put("journal_mode", "WAL");
    return Map.copyOf(all);
  }

  private static Properties properties(Map<String, String> props) {
    Properties p = new Properties();
    p.putAll(props);
    return p;
  }

  /** The most telling one-line reason in a chain of causes. */
  static String reason(Throwable e) {
    Throwable best = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        best = t;
      }
    }
    String message = best.getMessage() == null ? best.toString() : best.getMessage();
    return message.replaceAll("\\s+", " ").strip();
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing a throwaway in-memory database: nothing to save
    }
  }
}

package p2pchat.discovery.db;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The registry's database, SQLite (a file or {@code :memory:}) or PostgreSQL (a {@code
 * jdbc:postgresql:} URL, see {@link Dialect}): a pooled DataSource (for SQLite: WAL, busy timeout
 * and IMMEDIATE write transactions set as driver connection properties), JDBI, the schema
 * migrations, and one writer thread that commits queued writes in groups. Thread-safe. Writers of
 * this process queue here instead of sleeping in SQLite's busy handler; another process on the same
 * file still meets the busy timeout; another instance on the same PostgreSQL waits for the change
 * log's row lock ({@link Dialect#lockLog}).
 */
public final class RegistryDatabase implements Managed {
  public static final String MEMORY = ":memory:";

  private final String database;
  private final int poolSize;
  private final MetricRegistry metrics;
  private final Dialect dialect;
  private final DataSourceFactory postgres; // null for SQLite
  private final DatabaseClock clock = new DatabaseClock();
  private volatile Open open; // set by start()

  /** What start() opened; closed together by stop(). */
  private record Open(
      String location,
      ManagedDataSource dataSource,
      Jdbi jdbi,
      GroupCommitWriter writer,
      Connection memoryAnchor,
      LookupReaders lookups) {}

  /**
   * A database at {@code database}, a file path ({@code ~/} is the home folder) or {@code
   * :memory:}; nothing is opened before {@link #start()}.
   */
  public RegistryDatabase(String database, int poolSize, MetricRegistry metrics) {
    this(database, poolSize, metrics, null);
  }

  /**
   * A database described by Dropwizard's {@code DataSourceFactory} (the {@code database:} block of
   * config.yml): a PostgreSQL URL with its user, password and pool settings.
   */
  public RegistryDatabase(DataSourceFactory factory, MetricRegistry metrics) {
    this(factory.getUrl(), factory.getMaxSize(), metrics, factory);
  }

  private RegistryDatabase(
      String database, int poolSize, MetricRegistry metrics, DataSourceFactory factory) {
    this.database = database;
    this.poolSize = poolSize;
    this.metrics = metrics;
    this.dialect = Dialect.of(database);
    this.postgres =
        dialect == Dialect.POSTGRESQL ? postgresFactory(database, poolSize, factory) : null;
  }

  private static DataSourceFactory postgresFactory(
      String url, int poolSize, DataSourceFactory given) {
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

  /**
   * Opens (creating if needed) the database and brings its schema up to date.
   *
   * @throws DatabaseOpenException naming the file and the reason, in one line
   */
  @Override
  public void start() {
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
    if (dialect == Dialect.POSTGRESQL) {
      startPostgres();
      return;
    }
    try {
      if (MEMORY.equals(database)) {
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
        Path file = expand(database);
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
      open =
          new Open(
              location, dataSource, jdbi, new GroupCommitWriter(jdbi, dialect), anchor, lookups);
    } catch (DatabaseOpenException e) {
      closeQuietly(anchor);
      throw e;
    } catch (Exception e) {
      closeQuietly(anchor);
      throw new DatabaseOpenException(location, reason(e));
    }
  }

  private void startPostgres() {
    String location = withoutPassword(database);
    ManagedDataSource dataSource = null;
    try {
      // Connect once by hand first: a wrong host, port or password fails here in one line.
      try (Connection probe = DriverManager.getConnection(database, postgresProperties())) {
        probe.createStatement().execute("SELECT 1");
      }
      dataSource = postgres.build(metrics, "registry-db");
      Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
      Migrations.apply(jdbi, dialect);
      jdbi.withHandle(h -> h.attach(PeerDao.class).version());
      open = new Open(location, dataSource, jdbi, new GroupCommitWriter(jdbi, dialect), null, null);
      syncClock();
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

  private Properties postgresProperties() {
    Properties p = new Properties();
    if (postgres.getUser() != null) {
      p.setProperty("user", postgres.getUser());
    }
    if (postgres.getPassword() != null) {
      p.setProperty("password", postgres.getPassword());
    }
    p.putAll(postgres.getProperties());
    return p;
  }

  /** The URL as logs and health checks may show it. */
  static String withoutPassword(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  /**
   * Runs {@code wake} after every commit of a change by any instance on this database (PostgreSQL's
   * LISTEN/NOTIFY), until closed. For SQLite, one process writes: nothing to hear.
   */
  public AutoCloseable listen(Runnable wake) {
    if (dialect != Dialect.POSTGRESQL) {
      return () -> {};
    }
    return new ChangeListener(database, postgresProperties(), wake);
  }

  /** SQLite or PostgreSQL. */
  public Dialect dialect() {
    return dialect;
  }

  /**
   * The database's clock as this instance knows it: the system clock plus the offset last measured
   * against the database ({@link #syncClock()}), so instances with skewed clocks agree on leases.
   * For SQLite, the system clock.
   */
  public java.time.Clock clock() {
    return clock;
  }

  /** Measures the offset between this machine's clock and the database's (PostgreSQL only). */
  public void syncClock() {
    if (dialect != Dialect.POSTGRESQL) {
      return;
    }
    jdbi()
        .useHandle(
            h -> {
              long before = System.currentTimeMillis();
              long db = dialect.nowMillis(h);
              long after = System.currentTimeMillis();
              clock.offsetMillis(db - (before + after) / 2);
            });
  }

  /**
   * Keeps the planner's statistics of the peers table in step with its size (PostgreSQL only):
   * until a table is analyzed PostgreSQL guesses it holds a row or two, and a renewal batch then
   * joins quadratically (50 ms instead of 1 ms for 250 leases); autovacuum only looks once a
   * minute. Analyzes when the table has doubled since the last analysis.
   */
  public void keepStatistics() {
    if (dialect != Dialect.POSTGRESQL) {
      return;
    }
    jdbi()
        .useHandle(
            h -> {
              long live = h.createQuery("SELECT count(*) FROM peers").mapTo(Long.class).one();
              double known =
                  h.createQuery("SELECT reltuples FROM pg_class WHERE oid = 'peers'::regclass")
                      .mapTo(Double.class)
                      .one();
              if (live > 100 && (known < 0 || live > 2 * known)) {
                h.execute("ANALYZE peers");
              }
            });
  }

  @Override
  public void stop() {
    Open opened = open;
    open = null;
    if (opened != null) {
      close(opened);
    }
  }

  /**
   * Where the database lives: an absolute file path, {@code :memory:} or a URL (password hidden).
   */
  public String location() {
    Open opened = open;
    return opened == null ? database : opened.location();
  }

  /** JDBI over the pool; only between start() and stop(). */
  public Jdbi jdbi() {
    Open opened = open;
    if (opened == null) {
      throw new IllegalStateException("the registry database " + database + " is not open");
    }
    return opened.jdbi();
  }

  /**
   * Runs {@code work} in a write transaction (BEGIN IMMEDIATE) shared with the other writes queued
   * meanwhile (group commit), and returns once it is committed. If {@code work} throws, none of its
   * changes are kept and the exception is rethrown here. Check before writing: {@code work} must
   * not call {@code write} itself.
   */
  public <T> T write(Function<PeerDao, T> work) {
    Open opened = open;
    if (opened == null) {
      throw new IllegalStateException("the registry database " + database + " is not open");
    }
    return opened.writer().write(work);
  }

  /** Runs {@code work} outside a transaction: each statement reads one consistent snapshot. */
  public <T> T read(Function<PeerDao, T> work) {
    return jdbi().withHandle(handle -> work.apply(handle.attach(PeerDao.class)));
  }

  /**
   * The row for {@code name}, tombstone included: {@link PeerDao#find} for the hot path (lookups,
   * signature checks), on connections of its own ({@link LookupReaders}) for a database file; for
   * {@code :memory:} through the pool's one connection.
   */
  public Optional<PeerRow> findPeer(String name) {
    Open opened = open;
    if (opened != null && opened.lookups() != null) {
      return opened.lookups().findPeer(name);
    }
    return jdbi()
        .withHandle(
            h ->
                h.createQuery(LookupReaders.FIND_PEER)
                    .bind(0, name)
                    .map(LookupReaders.ROWS)
                    .findOne());
  }

  /** The registry-wide change counter. */
  public long version() {
    return read(PeerDao::version);
  }

  private static void close(Open opened) {
    try {
      opened.writer().stop();
      if (opened.lookups() != null) {
        opened.lookups().close();
      }
      opened.dataSource().stop();
    } catch (Exception e) {
      // the pool is going away either way
    } finally {
      closeQuietly(opened.memoryAnchor());
    }
  }

  static Path expand(String database) {
    return p2pchat.discovery.files.UserPath.expand(database);
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
    Map<String, String> all = new java.util.HashMap<>(props);
    all.put("journal_mode", "WAL");
    return Map.copyOf(all);
  }

  private static Properties properties(Map<String, String> props) {
    Properties p = new Properties();
    p.putAll(props);
    return p;
  }

  /** The most telling one-line reason in a chain of causes. */
  private static String reason(Throwable e) {
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

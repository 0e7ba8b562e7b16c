package p2pchat.discovery.db;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.lifecycle.Managed;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The registry's database, SQLite (a file or {@code :memory:}) or PostgreSQL (a {@code
 * jdbc:postgresql:} URL, see {@link Dialect}): a pooled DataSource, JDBI, the schema migrations,
 * and one writer thread that commits queued writes in groups (how each is opened: {@link
 * OpenDatabase}); reads, writes, the database clock and the planner's statistics. Thread-safe.
 * Writers of this process queue here instead of sleeping in SQLite's busy handler; another process
 * on the same file still meets the busy timeout; another instance on the same PostgreSQL waits for
 * the change log's row lock ({@link Dialect#lockLog}).
 */
public final class RegistryDatabase implements Managed {
  public static final String MEMORY = ":memory:";

  private final String database;
  private final int poolSize;
  private final MetricRegistry metrics;
  private final Dialect dialect;
  private final DataSourceFactory postgres; // null for SQLite
  private final DatabaseClock clock = new DatabaseClock();
  private volatile OpenDatabase open; // set by start()

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
        dialect == Dialect.POSTGRESQL
            ? OpenDatabase.postgresFactory(database, poolSize, factory)
            : null;
  }

  /**
   * Opens (creating if needed) the database and brings its schema up to date.
   *
   * @throws DatabaseOpenException naming the file and the reason, in one line
   */
  @Override
  public void start() {
    if (dialect == Dialect.POSTGRESQL) {
      OpenDatabase opened = OpenDatabase.postgres(database, postgres, metrics);
      open = opened;
      try {
        syncClock();
      } catch (RuntimeException e) {
        open = null;
        opened.close();
        throw new DatabaseOpenException(opened.location(), OpenDatabase.reason(e));
      }
    } else {
      open = OpenDatabase.sqlite(database, poolSize, metrics);
    }
  }

  /**
   * Runs {@code wake} after every commit of a change by any instance on this database (PostgreSQL's
   * LISTEN/NOTIFY), until closed. For SQLite, one process writes: nothing to hear.
   */
  public AutoCloseable listen(Runnable wake) {
    if (dialect != Dialect.POSTGRESQL) {
      return () -> {};
    }
    return new ChangeListener(database, OpenDatabase.postgresProperties(postgres), wake);
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
    onPostgres(
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
    onPostgres(
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

  /** Runs {@code work} on a pooled connection if this is PostgreSQL; SQLite needs none of it. */
  private void onPostgres(HandleConsumer<RuntimeException> work) {
    if (dialect == Dialect.POSTGRESQL) {
      jdbi().useHandle(work);
    }
  }

  @Override
  public void stop() {
    OpenDatabase opened = open;
    open = null;
    if (opened != null) {
      opened.close();
    }
  }

  /**
   * Where the database lives: an absolute file path, {@code :memory:} or a URL (password hidden).
   */
  public String location() {
    OpenDatabase opened = open;
    return opened == null ? database : opened.location();
  }

  /** JDBI over the pool; only between start() and stop(). */
  public Jdbi jdbi() {
    return opened().jdbi();
  }

  /**
   * Runs {@code work} in a write transaction (BEGIN IMMEDIATE) shared with the other writes queued
   * meanwhile (group commit), and returns once it is committed. If {@code work} throws, none of its
   * changes are kept and the exception is rethrown here. Check before writing: {@code work} must
   * not call {@code write} itself.
   */
  public <T> T write(Function<PeerDao, T> work) {
    return opened().writer().write(work);
  }

  /** What start() opened; only between start() and stop(). */
  private OpenDatabase opened() {
    OpenDatabase opened = open;
    if (opened == null) {
      throw new IllegalStateException("the registry database " + database + " is not open");
    }
    return opened;
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
    OpenDatabase opened = open;
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

  static Path expand(String database) {
    return p2pchat.discovery.files.UserPath.expand(database);
  }
}

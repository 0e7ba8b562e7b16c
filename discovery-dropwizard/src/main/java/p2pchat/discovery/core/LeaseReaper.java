package p2pchat.discovery.core;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.discovery.db.Dialect;
import p2pchat.discovery.db.PeerDao;
import p2pchat.discovery.db.RegistryDatabase;

/**
 * Turns online peers whose lease has passed into {@code unreachable} the moment it passes, with no
 * request needed: it sleeps until the first lease of an online peer ends (a renewal only moves that
 * later, and a new lease ends after every current one), and at most {@code intervalMillis}; the
 * change takes a new registry version and wakes long-polls. Runs in every instance on one database
 * and acts once: the check and the update share a write transaction that holds the change log's
 * lock, and on PostgreSQL they use the database's clock. Thread-safe.
 */
public final class LeaseReaper implements Managed {
  private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

  private final RegistryDatabase db;
  private final Clock clock;
  private final long intervalMillis;
  private final LongConsumer changed;
  private final java.util.concurrent.atomic.AtomicLong expired =
      new java.util.concurrent.atomic.AtomicLong();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "registry-reaper"));

  public LeaseReaper(RegistryDatabase db, Clock clock, long intervalMillis, LongConsumer changed) {
    this.db = db;
    this.clock = clock;
    this.intervalMillis = intervalMillis;
    this.changed = changed;
  }

  @Override
  public void start() {
    executor.schedule(this::reapAndReschedule, intervalMillis, TimeUnit.MILLISECONDS);
  }

  private void reapAndReschedule() {
    syncClock();
    reap();
    long delay = intervalMillis;
    try {
      long now = clock.millis();
      delay =
          db.read(PeerDao::nextLeaseExpiry)
              .map(at -> Math.max(1, at - now + 1))
              .orElse(intervalMillis);
    } catch (RuntimeException e) {
      log.debug("could not read the next lease expiry: {}", e.toString());
    }
    try {
      executor.schedule(
          this::reapAndReschedule, Math.min(delay, intervalMillis), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopped) {
      // stop() ran meanwhile
    }
  }

  private long lastSync;

  /**
   * Every second, re-measures the offset to the database's clock and keeps its statistics
   * (PostgreSQL).
   */
  private void syncClock() {
    long now = System.nanoTime();
    if (now - lastSync < 1_000_000_000L) {
      return;
    }
    lastSync = now;
    try {
      db.syncClock();
      db.keepStatistics();
    } catch (RuntimeException e) {
      log.debug("could not read the database's clock or statistics: {}", e.toString());
    }
  }

  /** Leases this instance expired since it started; a metric. */
  public long expired() {
    return expired.get();
  }

  @Override
  public void stop() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Expires the leases that have passed; returns the version taken, or -1 if none expired. */
  long reap() {
    try {
      long now = clock.millis();
      if (db.read(dao -> dao.countExpired(now)) == 0) {
        return -1; // the usual case: a read, no write lock
      }
      // {version, count}; the work may run twice (GroupCommitWriter), so it only touches the
      // database
      long[] reaped =
          db.write(
              dao -> {
                // The batch holds the log's lock: of several instances, one expires each lease,
                // by the database's own clock on PostgreSQL.
                long at =
                    db.dialect() == Dialect.POSTGRESQL
                        ? Dialect.POSTGRESQL.nowMillis(dao.getHandle())
                        : now;
                if (dao.countExpired(at) == 0) {
                  return new long[] {-1, 0}; // another instance got there first
                }
                long v = dao.nextVersion();
                return new long[] {v, dao.expireLeases(at, v)};
              });
      long version = reaped[0];
      if (version > 0) {
        expired.addAndGet(reaped[1]);
        log.info("{} lease(s) expired; peers now unreachable (version {})", reaped[1], version);
      }
      if (version > 0) {
        changed.accept(version);
      }
      return version;
    } catch (RuntimeException e) {
      log.warn("could not expire leases: {}", e.toString());
      return -1;
    }
  }
}

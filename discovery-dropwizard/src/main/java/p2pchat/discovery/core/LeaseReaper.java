package p2pchat.discovery.core;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import p2pchat.discovery.db.PeerDao;
import p2pchat.discovery.db.RegistryDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns online peers whose lease has passed into {@code unreachable} the moment it passes, with
 * no request needed: it sleeps until the first lease of an online peer ends (a renewal only moves
 * that later, and a new lease ends after every current one), and at most {@code intervalMillis}; the change takes a new registry version and wakes long-polls. Safe to run
 * in several instances on one database: the check and the update share a write transaction.
 * Thread-safe.
 */
public final class LeaseReaper implements Managed {
  private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

  private final RegistryDatabase db;
  private final Clock clock;
  private final long intervalMillis;
  private final LongConsumer changed;
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
    reap();
    long delay = intervalMillis;
    try {
      long now = clock.millis();
      delay = db.read(PeerDao::nextLeaseExpiry).map(at -> Math.max(1, at - now + 1)).orElse(intervalMillis);
    } catch (RuntimeException e) {
      log.debug("could not read the next lease expiry: {}", e.toString());
    }
    try {
      executor.schedule(this::reapAndReschedule, Math.min(delay, intervalMillis), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopped) {
      // stop() ran meanwhile
    }
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
      long version =
          db.write(
              dao -> {
                if (dao.countExpired(now) == 0) {
                  return -1L; // another instance got there first
                }
                long v = dao.nextVersion();
                int expired = dao.expireLeases(now, v);
                log.info("{} lease(s) expired; peers now unreachable (version {})", expired, v);
                return v;
              });
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

package p2pchat.discovery.core;

import io.dropwizard.lifecycle.Managed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.discovery.api.Changes;
import p2pchat.discovery.api.Peer;
import p2pchat.discovery.db.PeerRow;
import p2pchat.discovery.db.RegistryDatabase;

/**
 * Long-polls on {@code /v1/peers/changes}: answers at once when the database has changes after the
 * asked version, otherwise parks the request (no thread held) until a change or its wait time.
 * Changes committed here wake waiters at once; changes made by another registry instance on the
 * same PostgreSQL wake them through LISTEN/NOTIFY ({@link RegistryDatabase#listen}), and, should a
 * notification be lost, by re-reading the version every poll interval. Thread-safe. The parked
 * requests are per instance; the truth stays in the database: the version is the database's one
 * ordered log ({@code docs/registry-api.md}, "Changes").
 */
public final class ChangeFeed implements Managed {
  private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

  private final RegistryDatabase db;
  private final long pollMillis;
  private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
  private final AtomicLong known = new AtomicLong();
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "registry-feed"));

  private volatile AutoCloseable listening = () -> {};

  /**
   * Where the answer of one long-poll goes; the HTTP layer adapts its asynchronous response to it.
   * Called at most once, on any thread.
   */
  public interface Answer {
    void resume(Changes changes);

    void fail(Throwable error);
  }

  private record Waiter(long since, Answer response) {}

  public ChangeFeed(RegistryDatabase db, long pollMillis) {
    this.db = db;
    this.pollMillis = pollMillis;
  }

  @Override
  public void start() {
    known.set(db.version());
    listening = db.listen(this::heardOfChange);
    executor.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
  }

  /** Answers every parked request with "no change" so a stopping server need not wait for them. */
  public void release() {
    for (Waiter w : waiters) {
      if (waiters.remove(w)) {
        answer(w, new Changes(w.since, List.of()));
      }
    }
  }

  /**
   * Answers one parked long-poll. Its HTTP side may be gone already (a stopping server shuts its
   * request handling down before or after this feed): that answer is dropped, the others go on.
   */
  private static void answer(Waiter w, Changes changes) {
    try {
      w.response.resume(changes);
    } catch (RuntimeException gone) {
      log.debug("a long-poll could not be answered (its server is stopping): {}", gone.toString());
    }
  }

  @Override
  public void stop() throws Exception {
    listening.close();
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
    release();
  }

  /**
   * Answers {@code response} with the changes after {@code since}, waiting up to {@code
   * waitMillis}; returns what to run if the client goes away first.
   */
  public Runnable await(long since, long waitMillis, Answer response) {
    Changes now = query(since);
    raise(now.version());
    if (!now.changes().isEmpty() || waitMillis <= 0 || now.version() < since) {
      // Something to say, no wait asked, or a version this registry never reached (its
      // database was replaced): answer now, with the current version to restart from.
      response.resume(now);
      return () -> {};
    }
    Waiter waiter = new Waiter(since, response);
    waiters.add(waiter);
    try {
      executor.schedule(
          () -> {
            if (waiters.remove(waiter)) {
              answer(waiter, new Changes(since, List.of()));
            }
          },
          waitMillis,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      if (waiters.remove(waiter)) {
        answer(waiter, new Changes(since, List.of()));
      }
    }
    if (known.get() > since) {
      scheduleWake();
    }
    return () -> waiters.remove(waiter); // the client went away: forget it
  }

  /** Called after a commit that took {@code version}. */
  public void changed(long version) {
    raise(version);
    scheduleWake();
  }

  /** The changes after {@code since}; for a version this registry never had, everything. */
  Changes query(long since) {
    long version = db.version(); // read first: rows may be newer than it, never older
    long from = since > version ? 0 : since;
    List<PeerRow> rows = db.read(dao -> dao.changedSince(from));
    long newest = rows.isEmpty() ? version : Math.max(version, rows.get(rows.size() - 1).version());
    List<Peer> peers = rows.stream().map(PeerRow::toPeer).toList();
    return new Changes(newest, peers);
  }

  private void raise(long version) {
    known.accumulateAndGet(version, Math::max);
  }

  private void scheduleWake() {
    if (!waiters.isEmpty() && wakePending.compareAndSet(false, true)) {
      try {
        executor.execute(this::wake);
      } catch (RejectedExecutionException stopping) {
        wakePending.set(false);
      }
    }
  }

  private void wake() {
    wakePending.set(false);
    long version = known.get();
    Map<Long, Changes> bySince = new HashMap<>(); // most waiters ask from the same version
    for (Waiter w : waiters) {
      if (w.since >= version || !waiters.remove(w)) {
        continue;
      }
      try {
        w.response.resume(bySince.computeIfAbsent(w.since, this::query));
      } catch (RuntimeException e) {
        log.warn("could not answer a long-poll: {}", e.toString());
        w.response.fail(e);
      }
    }
  }

  private void heardOfChange() {
    try {
      changed(db.version());
    } catch (RuntimeException e) {
      log.debug("could not read the registry version: {}", e.toString());
    }
  }

  /** Parked requests waiting for a change; a metric. */
  public int parked() {
    return waiters.size();
  }

  private void poll() {
    try {
      if (!waiters.isEmpty() && db.version() > known.get()) {
        changed(db.version());
      }
    } catch (RuntimeException e) {
      log.warn("could not read the registry version: {}", e.toString());
    }
  }
}

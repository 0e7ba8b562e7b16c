package p2pchat.agent.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import p2pchat.agent.common.Causes;
import p2pchat.agent.common.SerialDrain;

/**
 * The single writer of one agent database: it takes everything queued since its last commit, runs
 * it as one transaction (each operation a unit of its own, see {@link GroupTx}) and commits once —
 * one fsync for hundreds of sends. It has no thread of its own: each batch is one drain ({@link
 * SerialDrain}) on a pool that the stores of an {@code AgentRuntime} share, so a batch of one store
 * never runs beside another of the same store. Futures complete in the drain, after the commit.
 * Thread-safe: {@link #submit} from any thread.
 */
final class StoreWriter {
  private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

  /** Bounds the latency one group adds; larger queues simply take several groups. */
  static final int MAX_GROUP = 8192;

  private final String self;
  private final String dbFile;
  private final GroupTx tx;
  private final Queue<Op<?>> queue = new ConcurrentLinkedQueue<>();
  private final SerialDrain drain;
  private final ExecutorService own; // null on a shared pool
  private final Op<Void> stopMarker = new Op<>(t -> null);
  private final Op<Void> parkMarker = new Op<>(t -> null);
  private final AtomicBoolean parkQueued = new AtomicBoolean();
  private volatile long lastGroupNanos = System.nanoTime();
  private volatile boolean parked;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean started;
  private volatile boolean closing;
  private volatile boolean aborting;
  private volatile long groupsCommitted;
  private volatile boolean begun;
  private long opsCommitted; // confined to the drains
  private volatile long idleNanos;

  /**
   * A writer whose groups run on {@code pool}, shared with other stores; with null, on a thread of
   * its own ({@code agent-NAME-store}) that ends when the writer stops.
   */
  StoreWriter(String self, String dbFile, GroupTx tx, Executor pool) {
    this.self = self;
    this.dbFile = dbFile;
    this.tx = tx;
    this.own = pool == null ? ownThread(self) : null;
    this.drain = new SerialDrain(pool == null ? own : pool, this::drainOnce, this::refused);
  }

  private static ExecutorService ownThread(String self) {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "agent-" + self + "-store");
          t.setDaemon(true);
          return t;
        });
  }

  void start() {
    started = true;
    drain.schedule();
  }

  <T> CompletableFuture<T> submit(Function<GroupTx, T> body) {
    Op<T> op = new Op<>(body);
    if (closing) {
      op.future.completeExceptionally(closed());
      return op.future;
    }
    queue.add(op);
    // close() may have run its last drain between the check above and the add.
    if (closing && queue.remove(op)) {
      op.future.completeExceptionally(closed());
    } else if (started) {
      drain.schedule();
    }
    return op.future;
  }

  /** Commits everything queued so far, then stops. */
  void close() {
    stop(false);
  }

  /** Stops without committing anything not yet committed; those futures fail. */
  void abort() {
    stop(true);
  }

  private void stop(boolean abort) {
    if (abort) {
      aborting = true;
    }
    closing = true;
    queue.add(stopMarker);
    start(); // a writer never started still ends its queue
    if (drain.inDrain()) {
      return; // asked from a callback of this writer: it stops after this group
    }
    try {
      stopped.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e); // never: stopped only completes normally
    }
  }

  /**
   * Closes the database connection if no group ran for {@code idleNanos} (checked again in the
   * writer, between groups); the next write opens it again.
   */
  void parkIfIdle(long idleNanos) {
    if (!parked
        && !closing
        && System.nanoTime() - lastGroupNanos > idleNanos
        && parkQueued.compareAndSet(false, true)) {
      this.idleNanos = idleNanos;
      queue.add(parkMarker);
      if (started) {
        drain.schedule();
      }
    }
  }

  /** Whether the database connection is closed while idle (for tests). */
  boolean parked() {
    return parked;
  }

  /** Whether a group has begun writing since this writer was made. */
  boolean begun() {
    return begun;
  }

  /** How many group transactions have committed (for tests and metrics). */
  long groupsCommitted() {
    return groupsCommitted;
  }

  boolean isWriterThread() {
    return drain.inDrain();
  }

  /** One turn on the pool: one group; true if more is queued. */
  private boolean drainOnce() {
    if (stopped.isDone()) {
      failQueued();
      return false;
    }
    MDC.put("agent", self);
    try {
      boolean stopping = runNextGroup();
      while (stopping && !queue.isEmpty()) {
        runNextGroup(); // what slipped in beside the marker still commits, as before
      }
      if (stopping) {
        failQueued();
        log.debug(
            "writer stopped: {} operations committed in {} groups", opsCommitted, groupsCommitted);
        stopped.complete(null);
        if (own != null) {
          own.shutdown(); // this drain is its last task
        }
        return false;
      }
      return !queue.isEmpty();
    } finally {
      MDC.remove("agent");
    }
  }

  /**
   * Runs what is queued (at most {@link #MAX_GROUP}) as one group; true if the marker was in it.
   */
  private boolean runNextGroup() {
    List<Op<?>> group = new ArrayList<>();
    for (Op<?> op; group.size() < MAX_GROUP && (op = queue.poll()) != null; ) {
      group.add(op);
    }
    boolean stopping = group.removeIf(op -> op == stopMarker);
    boolean park = group.removeIf(op -> op == parkMarker);
    if (!group.isEmpty()) {
      parked = false;
      runGroup(group);
      lastGroupNanos = System.nanoTime();
    } else if (park && !stopping && queue.isEmpty()) {
      parkNow();
    }
    if (park) {
      parkQueued.set(false);
    }
    return stopping;
  }

  private void parkNow() {
    if (System.nanoTime() - lastGroupNanos > idleNanos && !aborting) {
      try {
        parked = tx.park();
      } catch (RuntimeException e) {
        log.debug("closing the idle database failed: {}", e.toString());
      }
    }
  }

  private void failQueued() {
    for (Op<?> op; (op = queue.poll()) != null; ) {
      op.future.completeExceptionally(closed());
    }
  }

  /** The pool is shut down (the runtime closed before this store): nothing more can commit. */
  private void refused() {
    failQueued();
    stopped.complete(null);
  }

  private void runGroup(List<Op<?>> group) {
    if (aborting) {
      group.forEach(op -> op.future.completeExceptionally(aborted()));
      return;
    }
    List<Op<?>> done = new ArrayList<>(group.size());
    begun = true; // before the first row can exist: a read after this one sees it
    try {
      tx.begin();
      for (Op<?> op : group) {
        if (aborting) {
          throw aborted();
        }
        tx.startUnit();
        boolean ok = false;
        try {
          op.run(tx);
          ok = true;
        } catch (GroupTx.GroupFailure f) {
          throw f;
        } catch (Throwable t) {
          tx.failUnit();
          op.future.completeExceptionally(t);
        }
        if (ok) {
          tx.endUnit();
          done.add(op);
        }
      }
      if (aborting) {
        throw aborted();
      }
      tx.commit();
      groupsCommitted++; // only the drains write them, one at a time
      opsCommitted += done.size();
    } catch (Throwable failure) {
      failGroup(group, failure);
      return;
    }
    for (Op<?> op : done) {
      op.complete();
    }
  }

  private void failGroup(List<Op<?>> group, Throwable failure) {
    try {
      tx.rollback();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
    StoreException error =
        failure instanceof StoreException se
            ? se
            : new StoreException(
                "cannot write to " + dbFile + ": " + Causes.oneLine(failure), failure);
    if (!aborting) {
      log.warn("group commit of {} operations failed: {}", group.size(), error.getMessage());
      log.debug("group commit failure", failure);
    }
    group.forEach(op -> op.future.completeExceptionally(error));
  }

  private StoreException closed() {
    return new StoreException("the store of agent " + self + " is closed");
  }

  private StoreException aborted() {
    return new StoreException(
        "the store of agent " + self + " was aborted before this was committed");
  }

  /** One queued operation and, once it ran, its result. */
  private static final class Op<T> {
    final Function<GroupTx, T> body;
    final CompletableFuture<T> future = new CompletableFuture<>();
    T result;

    Op(Function<GroupTx, T> body) {
      this.body = body;
    }

    void run(GroupTx tx) {
      result = body.apply(tx);
    }

    void complete() {
      future.complete(result);
    }
  }
}

package p2pchat.agent.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import p2pchat.agent.common.Causes;

/**
 * The single writer of one agent database: a thread ({@code agent-NAME-store}) that takes
 * everything queued, runs it as one transaction (each operation a unit of its own, see {@link
 * GroupTx}) and commits once — one fsync for hundreds of sends. Futures complete on this thread
 * after the commit. Thread-safe: {@link #submit} from any thread.
 */
final class StoreWriter {
  private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

  /** Bounds the latency one group adds; larger queues simply take several groups. */
  static final int MAX_GROUP = 8192;

  private final String self;
  private final String dbFile;
  private final GroupTx tx;
  private final LinkedBlockingQueue<Op<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final Op<Void> stopMarker = new Op<>(t -> null);
  private volatile boolean closing;
  private volatile boolean aborting;
  private volatile long groupsCommitted;
  private volatile long opsCommitted;

  StoreWriter(String self, String dbFile, GroupTx tx) {
    this.self = self;
    this.dbFile = dbFile;
    this.tx = tx;
    this.thread = new Thread(this::run, "agent-" + self + "-store");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
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
    }
    return op.future;
  }

  /** Commits everything queued so far, then stops the thread. */
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
    if (Thread.currentThread() == thread) {
      return; // asked from a callback on this thread: the loop ends after this group
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How many group transactions have committed (for tests and metrics). */
  long groupsCommitted() {
    return groupsCommitted;
  }

  boolean isWriterThread() {
    return Thread.currentThread() == thread;
  }

  private void run() {
    MDC.put("agent", self);
    List<Op<?>> group = new ArrayList<>();
    boolean stopping = false;
    try {
      while (true) {
        Op<?> first = stopping ? queue.poll() : queue.take();
        if (first == null) {
          break; // stopping and nothing left
        }
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        stopping |= group.removeIf(op -> op == stopMarker);
        if (!group.isEmpty()) {
          runGroup(group);
        }
        group.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      group.forEach(op -> op.future.completeExceptionally(closed()));
      for (Op<?> op; (op = queue.poll()) != null; ) {
        op.future.completeExceptionally(closed());
      }
      log.debug(
          "writer stopped: {} operations committed in {} groups", opsCommitted, groupsCommitted);
      MDC.remove("agent");
    }
  }

  private void runGroup(List<Op<?>> group) {
    if (aborting) {
      group.forEach(op -> op.future.completeExceptionally(aborted()));
      return;
    }
    List<Op<?>> done = new ArrayList<>(group.size());
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
      groupsCommitted++; // only this thread writes them
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

package p2pchat.discovery.db;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the registry database: request threads queue their write and wait; the {@code
 * registry-writer} thread runs everything queued in one transaction (BEGIN IMMEDIATE), then commits
 * once and answers them all; should one write be refused, the batch runs again with each write in
 * its own savepoint, so a refused one leaves no trace. A write's work may therefore run twice: it
 * must act on the database only. Under load a batch costs one commit and one thread hand-off
 * instead of one each per heartbeat. On PostgreSQL the batch first takes the change log's row lock,
 * so the batches of several instances commit one after the other, in version order. Thread-safe.
 */
final class GroupCommitWriter {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final int MAX_BATCH = 256;

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final LinkedBlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  private static final class Task<T> {
    final Function<PeerDao, T> work;
    final CompletableFuture<T> done = new CompletableFuture<>();
    T result;
    RuntimeException refused;

    Task(Function<PeerDao, T> work) {
      this.work = work;
    }

    /** Runs the work on its own, without a savepoint: a refusal aborts the whole batch. */
    void runAlone(PeerDao dao) {
      refused = null;
      result = work.apply(dao);
    }

    void runInSavepoint(Handle handle, PeerDao dao) {
      // Plain SQL (valid in SQLite and PostgreSQL): JDBI's savepoint bookkeeping forgets a
      // savepoint once rolled back to, while the database still wants it released.
      refused = null;
      handle.execute("SAVEPOINT one_write");
      try {
        result = work.apply(dao);
      } catch (RuntimeException e) {
        handle.execute("ROLLBACK TO SAVEPOINT one_write");
        refused = e;
      }
      handle.execute("RELEASE SAVEPOINT one_write");
    }

    void answer() {
      if (refused != null) {
        done.completeExceptionally(refused);
      } else {
        done.complete(result);
      }
    }
  }

  GroupCommitWriter(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.thread = new Thread(this::loop, "registry-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Runs {@code work} in the next batch and returns its result once that batch committed. */
  <T> T write(Function<PeerDao, T> work) {
    if (!running) {
      throw new IllegalStateException("the registry database is closed");
    }
    Task<T> task = new Task<>(work);
    queue.add(task);
    try {
      return task.done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  /** Writes waiting for the next batch. */
  int queued() {
    return queue.size();
  }

  /** Finishes what is queued, then stops. */
  void stop() throws InterruptedException {
    running = false;
    thread.join(5_000);
    for (Task<?> t = queue.poll(); t != null; t = queue.poll()) {
      t.done.completeExceptionally(new IllegalStateException("the registry database is closed"));
    }
  }

  private void loop() {
    List<Task<?>> batch = new ArrayList<>(MAX_BATCH);
    while (running || !queue.isEmpty()) {
      try {
        Task<?> first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Commits the batch, first optimistically with no savepoints (each costs two more statements,
   * round trips on PostgreSQL); if one write is refused, the batch is rolled back and run again
   * with a savepoint around each write, so the refusal leaves no trace and the others commit.
   */
  private void commit(List<Task<?>> batch) {
    try {
      if (!transaction(batch, false)) {
        transaction(batch, true);
      }
    } catch (RuntimeException e) {
      log.warn("a write batch of {} failed: {}", batch.size(), e.toString());
      batch.forEach(t -> t.done.completeExceptionally(e));
      return;
    }
    batch.forEach(Task::answer);
  }

  /**
   * One transaction for the batch; false if, without savepoints, a write was refused (rolled back).
   */
  private boolean transaction(List<Task<?>> batch, boolean savepoints) {
    try {
      jdbi.useTransaction(
          handle -> {
            dialect.lockLog(handle);
            PeerDao dao = handle.attach(PeerDao.class);
            for (Task<?> task : batch) {
              if (savepoints) {
                task.runInSavepoint(handle, dao);
              } else {
                try {
                  task.runAlone(dao);
                } catch (RuntimeException e) {
                  throw new Refused(e);
                }
              }
            }
          });
      return true;
    } catch (Refused r) {
      return false;
    }
  }

  /** Unwinds a batch run without savepoints when one of its writes is refused. */
  private static final class Refused extends RuntimeException {
    Refused(RuntimeException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}

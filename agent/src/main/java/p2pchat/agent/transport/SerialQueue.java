package p2pchat.agent.transport;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import p2pchat.agent.common.Causes;

/**
 * Runs one link's store calls on the shared blocking executor one at a time, in submission order,
 * whatever kind of executor it is. Once the transport has stopped, queued calls are skipped
 * (markers from {@link #drained()} still complete). Thread-safe.
 */
final class SerialQueue {
  private static final int MAX_PER_TURN =
      64; // then yield, so one busy link cannot hog the executor

  private final Context ctx;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  SerialQueue(Context ctx) {
    this.ctx = ctx;
  }

  void submit(Runnable task) {
    tasks.add(task);
    schedule();
  }

  /** Completes once every task submitted before this call has run (or been skipped). */
  CompletableFuture<Void> drained() {
    Marker marker = new Marker();
    submit(marker);
    return marker.done;
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        ctx.blockingExecutor().execute(this::runSome);
      } catch (RejectedExecutionException e) {
        ctx.log()
            .debug(
                "the blocking executor refused work (shut down?); skipping {} store calls",
                tasks.size());
        Runnable task;
        while ((task = tasks.poll()) != null) {
          if (task instanceof Marker m) {
            m.run();
          }
        }
        scheduled.set(false);
      }
    }
  }

  private void runSome() {
    for (int i = 0; i < MAX_PER_TURN; i++) {
      Runnable task = tasks.poll();
      if (task == null) {
        break;
      }
      if (ctx.isStopped() && !(task instanceof Marker)) {
        continue;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        ctx.log().warn("a store call failed: {}", Causes.describe(e));
      }
    }
    scheduled.set(false);
    if (!tasks.isEmpty()) {
      schedule();
    }
  }

  private static final class Marker implements Runnable {
    final CompletableFuture<Void> done = new CompletableFuture<>();

    @Override
    public void run() {
      done.complete(null);
    }
  }
}

package p2pchat.agent.handling;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The dispatcher's one pending wake-up on the scheduler (a timer due, the end of a pause after a
 * failed commit): asking for a later one while an earlier one is set keeps the earlier. What it
 * runs only asks for a drain, so an extra wake-up costs an empty round at most. Confined to the
 * dispatcher's drains, one at a time; not thread-safe.
 */
final class Wakeup {
  private final ScheduledExecutorService scheduler;
  private final Runnable ring;
  private Pending next;

  /** One wake-up: rung (or ringing) once it ran, so a drain it started does not count on it. */
  private static final class Pending implements Runnable {
    private final Runnable ring;
    final long at; // System.nanoTime it is due at
    volatile boolean rung;
    ScheduledFuture<?> future;

    Pending(Runnable ring, long at) {
      this.ring = ring;
      this.at = at;
    }

    @Override
    public void run() {
      rung = true; // before ringing: the drain it asks for must set the next wake-up itself
      ring.run();
    }
  }

  Wakeup(ScheduledExecutorService scheduler, Runnable ring) {
    this.scheduler = scheduler;
    this.ring = ring;
  }

  /** Makes sure {@code ring} runs within {@code millis}. */
  void in(long millis) {
    long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    if (next != null && !next.rung && next.at - at <= 0) {
      return;
    }
    cancel();
    Pending p = new Pending(ring, at);
    try {
      p.future = scheduler.schedule(p, millis, TimeUnit.MILLISECONDS);
      next = p;
    } catch (RejectedExecutionException e) {
      next = null; // the runtime is closing
    }
  }

  void cancel() {
    if (next != null) {
      next.future.cancel(false);
      next = null;
    }
  }
}

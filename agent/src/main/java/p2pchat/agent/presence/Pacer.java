package p2pchat.agent.presence;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.common.AgentMdc;

/**
 * Times the next step of one presence loop on the shared scheduler: at most one step is pending; a
 * pending retry (backoff) can be woken early when the registry is back; stop() cancels it for good.
 * The scheduler only fires timers, steps themselves start async HTTP. Thread-safe.
 */
final class Pacer {
  private static final Logger log = LoggerFactory.getLogger(Pacer.class);

  private final ScheduledExecutorService scheduler;
  private final Runnable step;
  private ScheduledFuture<?> pending; // guarded by this
  private boolean retrying; // guarded by this
  private boolean stopped; // guarded by this

  Pacer(ScheduledExecutorService scheduler, AgentMdc mdc, Runnable step) {
    this.scheduler = scheduler;
    this.step =
        mdc.wrap(
            () -> {
              if (!stopped()) {
                step.run();
              }
            });
  }

  /**
   * Runs the step after {@code delay}; {@code retry} marks a backoff wait that wake() may cut
   * short.
   */
  synchronized void after(Duration delay, boolean retry) {
    if (stopped) {
      return;
    }
    retrying = retry;
    try {
      pending = scheduler.schedule(step, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("scheduler is shut down; presence loop ends");
      stopped = true;
    }
  }

  void now() {
    after(Duration.ZERO, false);
  }

  /**
   * Cuts a backoff wait short; does nothing while a request is in flight or a regular wait runs.
   */
  synchronized void wake() {
    if (!stopped && retrying && pending != null && pending.cancel(false)) {
      pending = null;
      now();
    }
  }

  synchronized void stop() {
    stopped = true;
    if (pending != null) {
      pending.cancel(false);
    }
  }

  synchronized boolean stopped() {
    return stopped;
  }
}

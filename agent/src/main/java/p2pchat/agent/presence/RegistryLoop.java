package p2pchat.agent.presence;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import p2pchat.agent.common.AgentMdc;
import p2pchat.agent.common.Backoff;

/**
 * What the presence loops ({@link Registration}, {@link Watch}) are made of: one step at a time
 * against the registry, paced on the shared scheduler, retried with backoff while the registry
 * fails and woken early when it is reachable again. Thread-safe: the backoff is guarded by the loop
 * itself ({@code this}).
 */
abstract class RegistryLoop {
  /** What every presence loop runs with. */
  record Parts(
      RegistryClient client,
      Reachability reachability,
      PresenceConfig config,
      ScheduledExecutorService scheduler,
      AgentMdc mdc) {}

  final RegistryClient client;
  final Reachability reachability;
  final AgentMdc mdc;
  final Backoff backoff;
  final Pacer pacer;

  RegistryLoop(Parts parts) {
    this.client = parts.client();
    this.reachability = parts.reachability();
    this.mdc = parts.mdc();
    this.backoff = new Backoff(parts.config().retryMin(), parts.config().retryMax());
    this.pacer = new Pacer(parts.scheduler(), mdc, this::step);
    reachability.onRecovery(pacer::wake);
  }

  /** Starts the loop's next request; its answer paces the step after. */
  abstract void step();

  /** How long to wait before trying again. */
  final synchronized Duration nextDelay() {
    return backoff.next();
  }

  /** Tries again after the next backoff delay, or sooner when the registry is back. */
  final void retry() {
    pacer.after(nextDelay(), true);
  }

  /** A bug in one step must not end the loop: {@link #stepFailed} hears of it, then it retries. */
  final void guarded(Runnable part) {
    try {
      part.run();
    } catch (RuntimeException bug) {
      stepFailed(bug);
      retry();
    }
  }

  /**
   * What the loop does about a bug in one of its steps before it tries again: logs it, at least.
   */
  abstract void stepFailed(RuntimeException bug);
}

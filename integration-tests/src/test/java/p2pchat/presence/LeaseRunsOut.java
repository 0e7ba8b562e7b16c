package p2pchat.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import p2pchat.agent.Agent;

/** A crashed agent's lease runs out within its length (plus 1.5 s of slack). Stateless. */
final class LeaseRunsOut {
  private LeaseRunsOut() {}

  /** Crashes {@code agent}; {@code seenUnreachable} must hold within {@code lease} + 1.5 s. */
  static void afterCrash(Agent agent, Duration lease, Callable<Boolean> seenUnreachable) {
    agent.crash();
    long crashedAt = System.nanoTime();
    await()
        .atMost(lease.plusMillis(1500))
        .pollInterval(Duration.ofMillis(20))
        .until(seenUnreachable);
    assertThat(Duration.ofNanos(System.nanoTime() - crashedAt)).isLessThan(lease.plusMillis(1500));
  }
}

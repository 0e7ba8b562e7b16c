package p2pchat.agent.presence;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential retry delays from min to max with "equal jitter" (a random point in the upper
 * half of each step), so hundreds of agents that lost the registry together do not come back
 * in lockstep. Not thread-safe: each loop owns one and uses it from one step at a time.
 */
final class Backoff {
  private final long minMillis;
  private final long maxMillis;
  private int attempt;

  Backoff(Duration min, Duration max) {
    this.minMillis = min.toMillis();
    this.maxMillis = Math.max(minMillis, max.toMillis());
  }

  Duration next() {
    long ceiling = minMillis << Math.min(attempt, 20);
    ceiling = Math.min(maxMillis, Math.max(ceiling, minMillis));
    attempt++;
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
  }

  void reset() {
    attempt = 0;
  }
}

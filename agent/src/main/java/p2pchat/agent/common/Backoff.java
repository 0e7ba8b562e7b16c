package p2pchat.agent.common;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential retry delays, {@code min * 2^attempt} capped at {@code max}, with "equal jitter" (a
 * random point in the upper half of each step), so that hundreds of agents that lost the same peer
 * or registry do not come back in lockstep. {@link #delayMillis(int)} is stateless; {@link #next()}
 * and {@link #reset()} count the attempts for a loop that owns this instance (not thread-safe then:
 * one step at a time).
 */
public final class Backoff {
  private final long minMillis;
  private final long maxMillis;
  private int attempt;

  public Backoff(Duration min, Duration max) {
    this.minMillis = Math.max(1, min.toMillis());
    this.maxMillis = Math.max(minMillis, max.toMillis());
  }

  /** The delay before retry number {@code attempt} (0 for the first). */
  public long delayMillis(int attempt) {
    long ceiling = Math.min(maxMillis, Math.max(minMillis, minMillis << Math.min(attempt, 20)));
    long half = Math.max(1, ceiling / 2);
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }

  /** The delay before the next retry of this loop. */
  public Duration next() {
    return Duration.ofMillis(delayMillis(attempt++));
  }

  /** The loop succeeded: the next failure starts from {@code min} again. */
  public void reset() {
    attempt = 0;
  }
}

package p2pchat.agent.transport;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: {@code min * 2^attempt} capped at {@code max}, then "equal jitter" (half
 * fixed, half random) so that many agents that lost the same peer do not retry in step.
 * Immutable and thread-safe.
 */
record Backoff(Duration min, Duration max) {

  long delayMillis(int attempt) {
    long base = Math.min(max.toMillis(), min.toMillis() << Math.min(attempt, 20));
    long half = Math.max(1, base / 2);
    return half + ThreadLocalRandom.current().nextLong(half + 1);
  }
}

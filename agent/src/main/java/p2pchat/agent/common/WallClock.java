package p2pchat.agent.common;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One agent's wall clock (epoch ms): the system's, shifted by a skew that a fault test may set
 * ({@code ann.clock(+45.s)} in a scenario). Everything an agent dates reads it: the timestamps it
 * signs for the registry, its messages' sent time and time-to-live, its timers and cron slots. So a
 * skewed agent behaves as one on a machine whose clock is wrong, and recovers when it is right
 * again. Thread-safe.
 */
public final class WallClock implements LongSupplier {
  private volatile long skewMillis;

  @Override
  public long getAsLong() {
    return System.currentTimeMillis() + skewMillis;
  }

  /** From now on this clock reads the system's time plus {@code skew} (zero: the system's). */
  public void skew(Duration skew) {
    this.skewMillis = skew.toMillis();
  }

  public Duration skew() {
    return Duration.ofMillis(skewMillis);
  }
}

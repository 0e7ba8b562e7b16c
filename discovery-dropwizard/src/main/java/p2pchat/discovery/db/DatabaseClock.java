package p2pchat.discovery.db;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock shifted by the offset last measured against the database, so that registry
 * instances on machines whose clocks disagree still agree on when a lease ends. Thread-safe.
 */
final class DatabaseClock extends Clock {
  private volatile long offsetMillis;

  void offsetMillis(long offset) {
    this.offsetMillis = offset;
  }

  @Override
  public long millis() {
    return System.currentTimeMillis() + offsetMillis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the registry's clock is UTC");
  }
}

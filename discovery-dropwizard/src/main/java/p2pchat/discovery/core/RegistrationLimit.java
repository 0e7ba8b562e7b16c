package p2pchat.discovery.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * At most {@code perMinute} registrations per client address per minute (a fixed one-minute window
 * per address); 0 means no limit. Per instance: with several instances behind one address, each
 * counts its own. Thread-safe; the table is cleared when it grows past 100,000 addresses.
 */
public final class RegistrationLimit {
  private static final long MINUTE = 60_000;
  private static final int MAX_ADDRESSES = 100_000;

  private final int perMinute;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  private record Window(long start, int count) {}

  public RegistrationLimit(int perMinute, LongSupplier clock) {
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /** Counts one registration from {@code address}; returns 0 if allowed, else seconds to wait. */
  public long take(String address) {
    if (perMinute <= 0) {
      return 0;
    }
    if (windows.size() > MAX_ADDRESSES) {
      windows.clear();
    }
    long now = clock.getAsLong();
    Window w =
        windows.compute(
            address,
            (a, old) ->
                old == null || now - old.start() >= MINUTE
                    ? new Window(now, 1)
                    : new Window(old.start(), old.count() + 1));
    if (w.count() <= perMinute) {
      return 0;
    }
    return Math.max(1, (w.start() + MINUTE - now + 999) / 1000);
  }

  public int perMinute() {
    return perMinute;
  }
}

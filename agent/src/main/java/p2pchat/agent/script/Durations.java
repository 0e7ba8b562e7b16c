package p2pchat.agent.script;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns {@code 30.seconds}, {@code 5.minutes}, {@code (n as int).hours} into a {@link Duration};
 * scripts call it through {@link DurationLiterals}, which rewrites those expressions at compile
 * time (no global metaclass change). Stateless and thread-safe.
 */
public final class Durations {

  static final Map<String, TimeUnit> UNITS =
      Map.ofEntries(
          Map.entry("millis", TimeUnit.MILLISECONDS),
          Map.entry("millisecond", TimeUnit.MILLISECONDS),
          Map.entry("milliseconds", TimeUnit.MILLISECONDS),
          Map.entry("second", TimeUnit.SECONDS),
          Map.entry("seconds", TimeUnit.SECONDS),
          Map.entry("minute", TimeUnit.MINUTES),
          Map.entry("minutes", TimeUnit.MINUTES),
          Map.entry("hour", TimeUnit.HOURS),
          Map.entry("hours", TimeUnit.HOURS),
          Map.entry("day", TimeUnit.DAYS),
          Map.entry("days", TimeUnit.DAYS));

  private Durations() {}

  public static Duration of(Number amount, String unitWord) {
    return ofUnit(amount, UNITS.get(unitWord));
  }

  static Duration ofUnit(Number amount, TimeUnit unit) {
    BigDecimal nanos =
        new BigDecimal(amount.toString()).multiply(BigDecimal.valueOf(unit.toNanos(1)));
    return Duration.ofNanos(nanos.longValue());
  }
}

package p2pchat.agent.common;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one vocabulary of duration literals, for bot scripts ({@code 30.seconds}, {@code 250.ms}) and
 * scenario files ({@code 2.s}, {@code 1.min}) alike: each word, short or long, singular or plural,
 * and its unit. Stateless.
 */
public final class DurationWords {
  /** Every word a number may be followed by, and its unit. */
  public static final Map<String, TimeUnit> UNITS =
      Map.ofEntries(
          Map.entry("ms", TimeUnit.MILLISECONDS),
          Map.entry("millis", TimeUnit.MILLISECONDS),
          Map.entry("millisecond", TimeUnit.MILLISECONDS),
          Map.entry("milliseconds", TimeUnit.MILLISECONDS),
          Map.entry("s", TimeUnit.SECONDS),
          Map.entry("second", TimeUnit.SECONDS),
          Map.entry("seconds", TimeUnit.SECONDS),
          Map.entry("min", TimeUnit.MINUTES),
          Map.entry("minute", TimeUnit.MINUTES),
          Map.entry("minutes", TimeUnit.MINUTES),
          Map.entry("h", TimeUnit.HOURS),
          Map.entry("hour", TimeUnit.HOURS),
          Map.entry("hours", TimeUnit.HOURS),
          Map.entry("d", TimeUnit.DAYS),
          Map.entry("day", TimeUnit.DAYS),
          Map.entry("days", TimeUnit.DAYS));

  private DurationWords() {}

  /**
   * {@code amount} of the unit {@code word} names (exact for decimals: {@code 1.5.s} is 1,500 ms).
   */
  public static Duration of(Number amount, String word) {
    TimeUnit unit = UNITS.get(word);
    if (unit == null) {
      throw new IllegalArgumentException(
          "'" + word + "' is not a duration unit; use one of " + String.join(", ", UNITS.keySet()));
    }
    return of(amount, unit);
  }

  /** {@code amount} of {@code unit}. */
  public static Duration of(Number amount, TimeUnit unit) {
    BigDecimal nanos =
        new BigDecimal(amount.toString()).multiply(BigDecimal.valueOf(unit.toNanos(1)));
    return Duration.ofNanos(nanos.longValue());
  }
}

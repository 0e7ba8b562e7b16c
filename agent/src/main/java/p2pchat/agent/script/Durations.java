package p2pchat.agent.script;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import p2pchat.agent.common.DurationWords;

/**
 * Turns {@code 30.seconds}, {@code 5.minutes}, {@code (n as int).hours} into a {@link Duration};
 * scripts call it through {@link DurationLiterals}, which rewrites those expressions at compile
 * time (no global metaclass change). Stateless and thread-safe.
 */
public final class Durations {

  /**
   * The words after a number that make it a duration: {@link DurationWords}, shared with scenarios.
   */
  static final Map<String, TimeUnit> UNITS = DurationWords.UNITS;

  private Durations() {}

  public static Duration of(Number amount, String unitWord) {
    return DurationWords.of(amount, unitWord);
  }

  static Duration ofUnit(Number amount, TimeUnit unit) {
    return DurationWords.of(amount, unit);
  }
}

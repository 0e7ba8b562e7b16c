package p2pchat.agent.script;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A five-field cron expression ({@code minute hour day-of-month month day-of-week}, as crontab
 * writes it) in a time zone, parsed by cron-utils, and its slots: {@link #nextAfter} is the first
 * slot strictly after a moment. A bad expression is a one-line {@link DslException} naming the
 * field that is wrong. Immutable and thread-safe.
 */
final class CronSpec {

  private static final String[] FIELDS = {"minute", "hour", "day of month", "month", "day of week"};
  private static final String SHAPE =
      "five fields: minute hour day-of-month month day-of-week, like '0 9 * * MON-FRI'";

  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime times;

  private CronSpec(String expression, ZoneId zone, ExecutionTime times) {
    this.expression = expression;
    this.zone = zone;
    this.times = times;
  }

  /**
   * Parses {@code expression} in {@code zone} (an id like {@code Europe/Berlin}; null for the
   * system's zone).
   */
  static CronSpec parse(String expression, String zone) {
    ZoneId z;
    try {
      z = zone == null ? ZoneId.systemDefault() : ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new DslException(
          "cron's zone: '"
              + zone
              + "' is not a time zone; use an id like 'Europe/Berlin' or 'UTC'");
    }
    if (expression == null || expression.isBlank()) {
      throw new DslException("cron needs an expression of " + SHAPE);
    }
    String text = expression.strip().replaceAll("\\s+", " ");
    String[] fields = text.split(" ");
    if (fields.length != 5) {
      throw new DslException(
          "cron '" + text + "' has " + fields.length + " field(s); it needs " + SHAPE);
    }
    try {
      Cron cron = parser().parse(text);
      return new CronSpec(text, z, ExecutionTime.forCron(cron.validate()));
    } catch (IllegalArgumentException e) {
      throw new DslException("cron '" + text + "': " + wrongPart(fields, e));
    }
  }

  /** Which field is wrong: each is tried alone, the others left as {@code *}. */
  private static String wrongPart(String[] fields, IllegalArgumentException whole) {
    for (int i = 0; i < fields.length; i++) {
      String[] alone = {"*", "*", "*", "*", "*"};
      alone[i] = fields[i];
      try {
        parser().parse(String.join(" ", alone)).validate();
      } catch (IllegalArgumentException e) {
        return "the "
            + FIELDS[i]
            + " field '"
            + fields[i]
            + "' is wrong ("
            + ErrorText.oneLine(e.getMessage())
            + "); it needs "
            + SHAPE;
      }
    }
    return ErrorText.oneLine(whole.getMessage()) + "; it needs " + SHAPE;
  }

  private static CronParser parser() {
    return new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  }

  /** The first slot strictly after {@code millis} (epoch ms), or {@link Long#MAX_VALUE} if none. */
  long nextAfter(long millis) {
    ZonedDateTime from = Instant.ofEpochMilli(millis).atZone(zone);
    return times
        .nextExecution(from)
        .map(t -> t.toInstant().toEpochMilli())
        .filter(t -> t > millis)
        .orElse(Long.MAX_VALUE);
  }

  /** {@code 0 9 * * MON-FRI Europe/Berlin}: what identifies this schedule in a job's key. */
  String describe() {
    return expression + " " + zone.getId();
  }
}

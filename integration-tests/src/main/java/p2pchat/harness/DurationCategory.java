package p2pchat.harness;

import p2pchat.agent.common.DurationWords;

/**
 * The Groovy category behind duration literals in scenarios: {@code 200.ms}, {@code 2.s}, {@code
 * 1.min}, and every other word of {@link DurationWords}, the vocabulary bot scripts use too ({@code
 * DurationCategoryTest} checks that none is missing). The runner applies it only while a scenario
 * file runs (categories are scoped to the running thread), so bot scripts in the same JVM never see
 * it. Stateless.
 */
public final class DurationCategory {
  private DurationCategory() {}

  public static Span getMs(Number n) {
    return of(n, "ms");
  }

  public static Span getMillis(Number n) {
    return of(n, "millis");
  }

  public static Span getMillisecond(Number n) {
    return of(n, "millisecond");
  }

  public static Span getMilliseconds(Number n) {
    return of(n, "milliseconds");
  }

  public static Span getS(Number n) {
    return of(n, "s");
  }

  public static Span getSecond(Number n) {
    return of(n, "second");
  }

  public static Span getSeconds(Number n) {
    return of(n, "seconds");
  }

  public static Span getMin(Number n) {
    return of(n, "min");
  }

  public static Span getMinute(Number n) {
    return of(n, "minute");
  }

  public static Span getMinutes(Number n) {
    return of(n, "minutes");
  }

  public static Span getH(Number n) {
    return of(n, "h");
  }

  public static Span getHour(Number n) {
    return of(n, "hour");
  }

  public static Span getHours(Number n) {
    return of(n, "hours");
  }

  public static Span getD(Number n) {
    return of(n, "d");
  }

  public static Span getDay(Number n) {
    return of(n, "day");
  }

  public static Span getDays(Number n) {
    return of(n, "days");
  }

  private static Span of(Number n, String word) {
    return Span.of(DurationWords.of(n, word));
  }
}

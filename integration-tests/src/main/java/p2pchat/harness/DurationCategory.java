package p2pchat.harness;

/**
 * The Groovy category behind duration literals in scenarios: {@code 200.ms}, {@code 2.s}, {@code
 * 1.min}. The runner applies it only while a scenario file runs (categories are scoped to the
 * running thread), so bot scripts in the same JVM never see it. Stateless.
 */
public final class DurationCategory {
  private DurationCategory() {}

  public static Span getMs(Number n) {
    return Span.ofMillis(n.doubleValue());
  }

  public static Span getS(Number n) {
    return Span.ofMillis(n.doubleValue() * 1000d);
  }

  public static Span getMin(Number n) {
    return Span.ofMillis(n.doubleValue() * 60_000d);
  }
}

package p2pchat.harness;

import java.time.Duration;

/**
 * A length of time in a scenario ({@code 200.ms}, {@code 2.s}), printed the way people read it
 * ("200 ms", "2 s") so that failure output shows {@code p99 = 231 ms} rather than PT0.231S.
 * Immutable and thread-safe; compares with other spans.
 */
public record Span(long nanos) implements Comparable<Span> {

  public static Span ofMillis(double millis) {
    return new Span(Math.round(millis * 1_000_000d));
  }

  public static Span of(Duration d) {
    return new Span(d.toNanos());
  }

  public Duration toDuration() {
    return Duration.ofNanos(nanos);
  }

  public long toMillis() {
    return nanos / 1_000_000L;
  }

  public double millis() {
    return nanos / 1_000_000d;
  }

  // Groovy operators: 2.s + 500.ms, 100.ms * 3
  public Span plus(Span other) {
    return new Span(nanos + other.nanos);
  }

  public Span minus(Span other) {
    return new Span(nanos - other.nanos);
  }

  /** {@code +45.s}: the span itself. */
  public Span positive() {
    return this;
  }

  /** {@code -45.s}: the span backwards (a clock skewed behind). */
  public Span negative() {
    return new Span(-nanos);
  }

  public Span multiply(Number factor) {
    return new Span(Math.round(nanos * factor.doubleValue()));
  }

  @Override
  public int compareTo(Span other) {
    return Long.compare(nanos, other.nanos);
  }

  @Override
  public String toString() {
    double ms = millis();
    if (nanos == 0) {
      return "0 ms";
    }
    if (Math.abs(ms) >= 60_000 && nanos % 60_000_000_000L == 0) {
      return (nanos / 60_000_000_000L) + " min";
    }
    if (Math.abs(ms) >= 1000) {
      return trim(ms / 1000d) + " s";
    }
    if (Math.abs(ms) >= 1) {
      return trim(ms) + " ms";
    }
    return trim(nanos / 1000d) + " µs";
  }

  private static String trim(double v) {
    String s =
        Math.abs(v) >= 100
            ? String.format(java.util.Locale.ROOT, "%.0f", v)
            : Math.abs(v) >= 10
                ? String.format(java.util.Locale.ROOT, "%.1f", v)
                : String.format(java.util.Locale.ROOT, "%.2f", v);
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return s;
  }
}

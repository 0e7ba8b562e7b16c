package p2pchat.harness;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Delivery latency (stored by the receiver minus queued by the sender) over a set of messages, as
 * percentiles: {@code check.latency().p99 <= 200.ms}. Built on HdrHistogram (microsecond
 * resolution, 3 significant digits). Immutable; thread-safe.
 */
public final class LatencySummary {
  private final String scope;
  private final long count;
  private final Span p50;
  private final Span p90;
  private final Span p99;
  private final Span max;
  private final Span mean;

  private LatencySummary(String scope, Histogram h) {
    this.scope = scope;
    this.count = h.getTotalCount();
    this.p50 = micros(h.getValueAtPercentile(50));
    this.p90 = micros(h.getValueAtPercentile(90));
    this.p99 = micros(h.getValueAtPercentile(99));
    this.max = micros(h.getMaxValue());
    this.mean = micros(Math.round(count == 0 ? 0 : h.getMean()));
  }

  static LatencySummary of(String scope, List<Long> latenciesMillis) {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (long ms : latenciesMillis) {
      h.recordValue(Math.min(Math.max(ms, 0) * 1000L, h.getHighestTrackableValue()));
    }
    return new LatencySummary(scope, h);
  }

  private static Span micros(long us) {
    return new Span(us * 1000L);
  }

  public long getCount() {
    return count;
  }

  public Span getP50() {
    return p50;
  }

  public Span getP90() {
    return p90;
  }

  public Span getP99() {
    return p99;
  }

  public Span getMax() {
    return max;
  }

  public Span getMean() {
    return mean;
  }

  public String getScope() {
    return scope;
  }

  @Override
  public String toString() {
    return scope
        + ": "
        + count
        + " messages, p50 "
        + p50
        + ", p90 "
        + p90
        + ", p99 "
        + p99
        + ", max "
        + max;
  }
}

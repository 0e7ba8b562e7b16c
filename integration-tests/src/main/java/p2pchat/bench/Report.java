package p2pchat.bench;

import java.util.function.DoublePredicate;
import p2pchat.bench.Results.Unit;

/**
 * Turns a run's numbers into the table: each figure beside its baseline from the same run, the
 * ratio, and the target of issue 7 with whether it was met. A figure whose benchmark failed or was
 * skipped has no row. The sections are {@link ThroughputRows}, {@link LatencyRows}, {@link
 * RegistryRows} and, here, the scale run, the broker comparison and the micro-benchmarks. Stateless
 * but for the results it writes to; used by the one thread printing the report.
 */
final class Report {
  private final Results r;

  private Report(Results r) {
    this.r = r;
  }

  static void addRows(Results results, Sizes sizes) {
    Report t = new Report(results);
    ThroughputRows.baselines(t, results);
    ThroughputRows.endToEnd(t, results);
    ThroughputRows.encrypted(t, results);
    LatencyRows.latency(t, results);
    LatencyRows.drain(t, results);
    LatencyRows.presence(t, results);
    LatencyRows.httpSend(t, results);
    LatencyRows.rooms(t, results);
    RegistryRows.sqlite(t, results);
    RegistryRows.postgres(t, results);
    scale(t, results, sizes);
    mqtt(t, results);
    micro(t, results);
  }

  private static void scale(Report t, Results results, Sizes sizes) {
    results.heading(
        sizes.agents()
            + " agents in one JVM, forward-once script, default heartbeat 1 s / lease 3 s");
    t.row("start all", "agents_5000_start_s", Unit.S, "<= 30 s", v -> v <= 30);
    t.row(
        "all " + 2 * sizes.agents() + " messages delivered",
        "agents_5000_deliver_s",
        Unit.S,
        "<= 30 s",
        v -> v <= 30);
    t.row("RSS (" + ScaleRun.HEAP + ")", "agents_5000_rss_mb", Unit.MB, "<= 3 GB", v -> v <= 3072);
    t.row("threads", "agents_5000_threads", Unit.COUNT, "<= 256", v -> v <= 256);
    t.row("open files", "agents_5000_fds", Unit.COUNT, "<= 18,000", v -> v <= 18_000);
  }

  private static void mqtt(Report t, Results results) {
    results.heading(
        "against Mosquitto QoS 1, persistent session (saves on an interval, we fsync per batch)");
    Double full = results.get("e2e_full_msgs_per_s");
    Double mqtt = results.get("mqtt_qos1_msgs_per_s");
    t.row("Mosquitto QoS 1 pub -> sub", "mqtt_qos1_msgs_per_s", Unit.PER_S);
    t.vs(
        "our FULL e2e against Mosquitto",
        "e2e_full_msgs_per_s",
        Unit.PER_S,
        "Mosquitto",
        mqtt,
        full == null || mqtt == null ? null : mark(">= 2 x Mosquitto", full >= 2 * mqtt));
    t.row("Mosquitto drain of queued", "mqtt_drain_100k_s", Unit.S);
  }

  private static void micro(Report t, Results results) {
    results.heading("JMH micro-benchmarks");
    t.row("frame codec: encode one MSG", "jmh_frame_encode_ns", Unit.NS);
    t.row("frame codec: decode one MSG", "jmh_frame_decode_ns", Unit.NS);
    t.row(
        "script dispatch, on message {}",
        "jmh_dispatch_script_ns",
        Unit.NS,
        "Java no-op",
        results.get("jmh_dispatch_java_ns"),
        null);
    t.row(
        "script dispatch overhead over Java",
        "script_dispatch_overhead_ns",
        Unit.NS,
        "<= 1,000 ns",
        v -> v <= 1000);
  }

  // ---- the kinds of row

  /** A row of {@code key} with a baseline beside it (when {@code baseline} is null, none). */
  void row(
      String figure, String key, Unit unit, String baselineName, Double baseline, String target) {
    Double v = r.get(key);
    if (v == null) {
      return;
    }
    if (baseline == null) {
      r.row(figure, v, unit, target);
    } else {
      r.row(figure, v, unit, baselineName, baseline, target);
    }
  }

  /** A row of {@code key} with a target but no baseline. */
  void row(String figure, String key, Unit unit, String target) {
    row(figure, key, unit, null, null, target);
  }

  /** A row of {@code key} with its target and whether it was {@code met}, no baseline. */
  void row(String figure, String key, Unit unit, String target, DoublePredicate met) {
    row(figure, key, unit, null, null, target(key, target, met));
  }

  /** A row of {@code key} alone. */
  void row(String figure, String key, Unit unit) {
    row(figure, key, unit, null, null, null);
  }

  /** A comparison row: shown only when its baseline was measured. */
  void vs(
      String figure, String key, Unit unit, String baselineName, Double baseline, String target) {
    if (baseline != null) {
      row(figure, key, unit, baselineName, baseline, target);
    }
  }

  /** {@code key}'s value as a count ("12,345"; "0" when unmeasured), for a figure's name. */
  String count(String key) {
    Double v = r.get(key);
    return Unit.COUNT.show(v == null ? 0 : v);
  }

  /**
   * The target column for {@code key}: {@code target} and whether it was met, or null if
   * unmeasured.
   */
  String target(String key, String target, DoublePredicate met) {
    Double v = r.get(key);
    return v == null ? null : mark(target, met.test(v));
  }

  /** The target column for a target judged on more than one figure. */
  static String mark(String target, boolean met) {
    return target + (met ? "  met" : "  MISSED");
  }
}

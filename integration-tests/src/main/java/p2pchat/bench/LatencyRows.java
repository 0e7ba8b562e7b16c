package p2pchat.bench;

import static p2pchat.bench.Report.mark;

import java.util.Locale;
import p2pchat.bench.Results.Unit;

/**
 * The report's time-to sections: latency from send to the receiver's handler (idle and at half
 * load), the drain of a queue held while the receiver was offline, and how fast presence changes
 * are seen. Stateless.
 */
final class LatencyRows {
  private LatencyRows() {}

  static void latency(Report t, Results results) {
    results.heading("latency, send -> receiver's handler, FULL");
    Double naive = results.get("naive_outbox_msgs_per_s");
    t.row(
        "idle p50",
        "latency_idle_p50_ms",
        Unit.MS,
        "Mosquitto p50",
        results.get("mqtt_latency_p50_ms"),
        t.target("latency_idle_p50_ms", "<= 0.7 ms", v -> v <= 0.7));
    t.row(
        "idle p99",
        "latency_idle_p99_ms",
        Unit.MS,
        "Mosquitto p99",
        results.get("mqtt_latency_p99_ms"),
        t.target("latency_idle_p99_ms", "<= 2 ms", v -> v <= 2));
    t.vs(
        "idle p50, against one fsync'd commit",
        "latency_idle_p50_ms",
        Unit.MS,
        "1 / naive outbox rate",
        naive == null || naive == 0 ? null : 1000 / naive,
        null);
    t.row("idle p99.9", "latency_idle_p999_ms", Unit.MS);
    t.row("idle p50, to the receiver's commit", "latency_idle_stored_p50_ms", Unit.MS);
    Double load = results.get("latency_half_load_msgs_per_s");
    String at = load == null ? "" : String.format(Locale.ROOT, " (at %,.0f/s)", load);
    t.row("half load p50" + at, "latency_half_load_p50_ms", Unit.MS);
    t.row("half load p99" + at, "latency_half_load_p99_ms", Unit.MS, "<= 10 ms", v -> v <= 10);
    t.row("half load p99.9" + at, "latency_half_load_p999_ms", Unit.MS);
  }

  static void httpSend(Report t, Results results) {
    results.heading("POST /send, 16 clients, each waiting for its 202 (after the commit, FULL)");
    t.row(
        "rate",
        "http_send_per_s",
        Unit.PER_S,
        "Agent.send, 16 threads joining",
        results.get("http_send_direct_per_s"),
        null);
    t.row(
        "p99",
        "http_send_p99_ms",
        Unit.MS,
        "Agent.send, 16 threads joining",
        results.get("http_send_direct_p99_ms"),
        null);
    t.row("p50", "http_send_p50_ms", Unit.MS);
    String known = t.count("metrics_peers_known");
    t.row("GET /metrics with " + known + " peers known, p50", "metrics_scrape_p50_ms", Unit.MS);
    t.row("GET /metrics, p99", "metrics_scrape_p99_ms", Unit.MS);
  }

  static void drain(Report t, Results results) {
    results.heading("offline drain, FULL");
    Double drain = results.get("drain_100k_s");
    Double mqttDrain = results.get("mqtt_drain_100k_s");
    String drained = t.count("drain_messages");
    t.row(
        drained + " queued, from receiver restart",
        "drain_100k_s",
        Unit.S,
        "network ceiling",
        results.get("network_drain_100k_s"),
        t.target("drain_100k_s", "<= 3 s", v -> v <= 3));
    t.row(drained + " queued, from receiver seen online", "drain_100k_from_online_s", Unit.S);
    String million = t.count("drain_1m_messages");
    Double ten = results.get("drain_1m_messages");
    Double small = results.get("drain_messages");
    double times = ten == null || small == null || small == 0 ? 10 : ten / small;
    t.row(
        million + " queued, from receiver restart",
        "drain_1m_s",
        Unit.S,
        drained + " queued",
        drain,
        t.target(
            "drain_1m_s",
            String.format(Locale.ROOT, "<= %.0f x %s's", times * 1.1, drained),
            v -> drain != null && v <= times * 1.1 * drain));
    t.row(
        "agent start with " + million + " messages in its history",
        "start_with_1m_history_s",
        Unit.S,
        "with an empty history",
        results.get("start_empty_history_s"),
        t.target("start_with_1m_history_s", "<= 2 s", v -> v <= 2));
    t.vs(
        drained + " queued, against Mosquitto",
        "drain_100k_s",
        Unit.S,
        "Mosquitto",
        mqttDrain,
        drain == null || mqttDrain == null ? null : mark("<= Mosquitto's", drain <= mqttDrain));
  }

  /** Rooms (docs/rooms.md): fan-out against the same messages as pairs, and two drains. */
  static void rooms(Report t, Results results) {
    results.heading("rooms, FULL");
    Double pairs = results.get("room_10_pairs_msgs_per_s");
    t.row(
        "one author, a room of 10 (each message counted once)",
        "room_10_msgs_per_s",
        Unit.PER_S,
        "the 10 as pairs",
        pairs,
        t.target("room_10_msgs_per_s", ">= 0.9 x pairs", v -> pairs != null && v >= 0.9 * pairs));
    t.row("the same author, the 10 as pairs", "room_10_pairs_msgs_per_s", Unit.PER_S);
    Double drain = results.get("room_drain_10k_s");
    String n = t.count("room_drain_messages");
    t.row("a member back after " + n + " room messages", "room_drain_10k_s", Unit.S);
    t.row(
        "the same, their author gone: another member passes them on",
        "room_relay_drain_10k_s",
        Unit.S,
        "from the author",
        drain,
        null);
  }

  static void presence(Report t, Results results) {
    results.heading("presence, default heartbeat 1 s / lease 3 s");
    t.row(
        "kill -9 -> unreachable, worst of trials",
        "crash_to_unreachable_s",
        Unit.S,
        "<= 3 s",
        v -> v <= 3);
    t.row("kill -9 -> unreachable, mean", "crash_to_unreachable_mean_s", Unit.S);
    t.row(
        "change -> watching agent, p99",
        "change_to_watcher_p99_ms",
        Unit.MS,
        "<= 50 ms",
        v -> v <= 50);
  }
}

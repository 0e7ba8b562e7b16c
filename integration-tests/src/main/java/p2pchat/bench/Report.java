package p2pchat.bench;

import java.util.Locale;
import p2pchat.bench.Results.Unit;

/**
 * Turns a run's numbers into the table: each figure beside its baseline from the same run, the
 * ratio, and the target of issue 7 with whether it was met. A figure whose benchmark failed or was
 * skipped has no row. Stateless.
 */
final class Report {
  private final Results r;

  private Report(Results r) {
    this.r = r;
  }

  static void addRows(Results results, Sizes sizes) {
    Report t = new Report(results);
    Double storage = results.get("storage_ceiling_msgs_per_s");
    Double naive = results.get("naive_outbox_msgs_per_s");
    Double network = results.get("network_ceiling_msgs_per_s");
    Double mqtt = results.get("mqtt_qos1_msgs_per_s");

    results.heading("baselines (same run, same disk)");
    t.row(
        "storage ceiling: SQLite group commit, 100/txn, FULL",
        "storage_ceiling_msgs_per_s",
        Unit.PER_S,
        null,
        null,
        null);
    t.row(
        "naive outbox: 1 txn + fsync per message",
        "naive_outbox_msgs_per_s",
        Unit.PER_S,
        "storage ceiling",
        storage,
        null);
    t.row(
        "network ceiling: our transport, storage off",
        "network_ceiling_msgs_per_s",
        Unit.PER_S,
        null,
        null,
        null);
    t.row(
        "storage ceiling: CPU per message",
        "storage_ceiling_cpu_us_per_msg",
        Unit.US,
        null,
        null,
        null);
    t.row(
        "network ceiling: CPU per message",
        "network_ceiling_cpu_us_per_msg",
        Unit.US,
        null,
        null,
        null);

    results.heading("end-to-end durable throughput, one pair");
    Double full = results.get("e2e_full_msgs_per_s");
    String fullTarget =
        full == null || storage == null
            ? null
            : mark(
                ">= 50,000/s and >= 0.5 x storage ceiling",
                full >= 50_000 && full >= 0.5 * storage);
    t.row(
        "FULL, 1 sending thread",
        "e2e_full_1t_msgs_per_s",
        Unit.PER_S,
        "storage ceiling",
        storage,
        null);
    t.row(
        "FULL, 8 sending threads",
        "e2e_full_8t_msgs_per_s",
        Unit.PER_S,
        "storage ceiling",
        storage,
        null);
    t.row(
        "FULL, second round (after the unsealed baseline)",
        "e2e_full_again_msgs_per_s",
        Unit.PER_S,
        "storage ceiling",
        storage,
        null);
    t.row(
        "FULL, best of all",
        "e2e_full_msgs_per_s",
        Unit.PER_S,
        "storage ceiling",
        storage,
        fullTarget);
    t.vs(
        "FULL, best, against the network ceiling",
        "e2e_full_msgs_per_s",
        Unit.PER_S,
        "network ceiling",
        network,
        null);
    t.vs(
        "FULL, best, against the naive outbox",
        "e2e_full_msgs_per_s",
        Unit.PER_S,
        "naive outbox",
        naive,
        null);
    Double netCpu = results.get("network_ceiling_cpu_us_per_msg");
    Double storeCpu = results.get("storage_ceiling_cpu_us_per_msg");
    Double bothCpu = netCpu == null || storeCpu == null ? null : netCpu + storeCpu;
    t.row(
        "FULL, CPU per message (whole process)",
        "e2e_full_cpu_us_per_msg",
        Unit.US,
        "network + storage ceilings",
        bothCpu,
        null);
    t.row(
        "NORMAL, CPU per message (whole process)",
        "e2e_normal_cpu_us_per_msg",
        Unit.US,
        "network + storage ceilings",
        bothCpu,
        null);
    t.row(
        "FULL, 8 threads each joining every send",
        "e2e_full_8t_join_each_msgs_per_s",
        Unit.PER_S,
        "naive outbox",
        naive,
        null);
    t.row(
        "NORMAL, 1 sending thread",
        "e2e_normal_1t_msgs_per_s",
        Unit.PER_S,
        "network ceiling",
        network,
        null);
    t.row(
        "NORMAL, 8 sending threads",
        "e2e_normal_8t_msgs_per_s",
        Unit.PER_S,
        "network ceiling",
        network,
        null);
    Double normal = results.get("e2e_normal_msgs_per_s");
    t.row(
        "NORMAL, best of the two",
        "e2e_normal_msgs_per_s",
        Unit.PER_S,
        "network ceiling",
        network,
        normal == null ? null : mark(">= 80,000/s", normal >= 80_000));

    results.heading("encrypted links (Noise XX, AES-256-GCM) against the plaintext baseline");
    Double fullPlain = results.get("e2e_full_plain_msgs_per_s");
    Double netPlain = results.get("network_ceiling_plain_msgs_per_s");
    Double idleEnc = results.get("latency_idle_p50_ms");
    Double idlePlain = results.get("latency_idle_plain_p50_ms");
    t.vs(
        "FULL e2e, sealed",
        "e2e_full_msgs_per_s",
        Unit.PER_S,
        "same pair unsealed",
        fullPlain,
        full == null || fullPlain == null
            ? null
            : mark(">= 0.9 x unsealed", full >= 0.9 * fullPlain));
    t.vs(
        "network ceiling, sealed",
        "network_ceiling_msgs_per_s",
        Unit.PER_S,
        "unsealed",
        netPlain,
        network == null || netPlain == null
            ? null
            : mark(">= 0.5 x unsealed", network >= 0.5 * netPlain));
    Double idleAgain = results.get("latency_idle_again_p50_ms");
    Double idleBest =
        idleEnc == null ? idleAgain : idleAgain == null ? idleEnc : Math.min(idleEnc, idleAgain);
    t.vs(
        "idle latency p50, sealed, before the baseline",
        "latency_idle_p50_ms",
        Unit.MS,
        "unsealed",
        idlePlain,
        null);
    t.vs(
        "idle latency p50, sealed, after the baseline",
        "latency_idle_again_p50_ms",
        Unit.MS,
        "unsealed",
        idlePlain,
        idleBest == null || idlePlain == null
            ? null
            : mark("best <= unsealed + 0.1 ms", idleBest <= idlePlain + 0.1));
    t.row(
        "handshakes (connect, prove, ACK 0), one server thread",
        "handshakes_per_s",
        Unit.PER_S,
        null,
        null,
        null);

    results.heading("latency, send -> receiver's handler, FULL");
    Double p50 = results.get("latency_idle_p50_ms");
    Double p99 = results.get("latency_idle_p99_ms");
    t.row(
        "idle p50",
        "latency_idle_p50_ms",
        Unit.MS,
        "Mosquitto p50",
        results.get("mqtt_latency_p50_ms"),
        p50 == null ? null : mark("<= 1 ms", p50 <= 1));
    t.row(
        "idle p99",
        "latency_idle_p99_ms",
        Unit.MS,
        "Mosquitto p99",
        results.get("mqtt_latency_p99_ms"),
        p99 == null ? null : mark("<= 5 ms", p99 <= 5));
    t.vs(
        "idle p50, against one fsync'd commit",
        "latency_idle_p50_ms",
        Unit.MS,
        "1 / naive outbox rate",
        naive == null || naive == 0 ? null : 1000 / naive,
        null);
    t.row("idle p99.9", "latency_idle_p999_ms", Unit.MS, null, null, null);
    t.row(
        "idle p50, to the receiver's commit",
        "latency_idle_stored_p50_ms",
        Unit.MS,
        null,
        null,
        null);
    Double load = results.get("latency_half_load_msgs_per_s");
    String at = load == null ? "" : String.format(Locale.ROOT, " (at %,.0f/s)", load);
    t.row("half load p50" + at, "latency_half_load_p50_ms", Unit.MS, null, null, null);
    t.row("half load p99" + at, "latency_half_load_p99_ms", Unit.MS, null, null, null);
    t.row("half load p99.9" + at, "latency_half_load_p999_ms", Unit.MS, null, null, null);

    results.heading("offline drain, FULL");
    Double drain = results.get("drain_100k_s");
    Double mqttDrain = results.get("mqtt_drain_100k_s");
    String drained =
        String.format(
            Locale.ROOT,
            "%,.0f",
            results.get("drain_messages") == null ? 0 : results.get("drain_messages"));
    t.row(
        drained + " queued, from receiver restart",
        "drain_100k_s",
        Unit.S,
        "network ceiling",
        results.get("network_drain_100k_s"),
        drain == null ? null : mark("<= 3 s", drain <= 3));
    t.row(
        drained + " queued, from receiver seen online",
        "drain_100k_from_online_s",
        Unit.S,
        null,
        null,
        null);
    t.vs(
        drained + " queued, against Mosquitto",
        "drain_100k_s",
        Unit.S,
        "Mosquitto",
        mqttDrain,
        drain == null || mqttDrain == null ? null : mark("<= Mosquitto's", drain <= mqttDrain));

    results.heading("presence, default heartbeat 1 s / lease 3 s");
    Double crash = results.get("crash_to_unreachable_s");
    Double watcher = results.get("change_to_watcher_p99_ms");
    t.row(
        "kill -9 -> unreachable, worst of trials",
        "crash_to_unreachable_s",
        Unit.S,
        null,
        null,
        crash == null ? null : mark("<= 3 s", crash <= 3));
    t.row("kill -9 -> unreachable, mean", "crash_to_unreachable_mean_s", Unit.S, null, null, null);
    t.row(
        "change -> watching agent, p99",
        "change_to_watcher_p99_ms",
        Unit.MS,
        null,
        null,
        watcher == null ? null : mark("<= 50 ms", watcher <= 50));

    results.heading("registry, 16 clients from another JVM");
    Double lookups = results.get("registry_lookups_per_s");
    Double lookupP99 = results.get("registry_lookup_p99_ms");
    t.row(
        "lookups",
        "registry_lookups_per_s",
        Unit.PER_S,
        null,
        null,
        lookups == null ? null : mark(">= 15,000/s", lookups >= 15_000));
    t.row(
        "lookup p99",
        "registry_lookup_p99_ms",
        Unit.MS,
        null,
        null,
        lookupP99 == null ? null : mark("<= 5 ms", lookupP99 <= 5));
    t.row("signed heartbeats", "registry_signed_heartbeats_per_s", Unit.PER_S, null, null, null);
    Double leases = results.get("registry_leases");
    String held = leases == null ? "" : String.format(Locale.ROOT, ", %,.0f leases", leases);
    t.row(
        "lease renewals by token" + held,
        "registry_heartbeats_per_s",
        Unit.PER_S,
        null,
        null,
        t.target("registry_heartbeats_per_s", ">= 12,000/s", v -> v >= 12_000));
    t.row(
        "lease renewal p99",
        "registry_heartbeat_p99_ms",
        Unit.MS,
        null,
        null,
        t.target("registry_heartbeat_p99_ms", "<= 50 ms", v -> v <= 50));
    t.row(
        "kill -9 -> unreachable, leases held beside it",
        "crash_to_unreachable_loaded_s",
        Unit.S,
        null,
        null,
        t.target("crash_to_unreachable_loaded_s", "<= 3 s", v -> v <= 3));

    results.heading("registry on PostgreSQL, same loads");
    t.vs("lookups", "registry_pg_lookups_per_s", Unit.PER_S, "SQLite", lookups, null);
    t.vs(
        "signed heartbeats",
        "registry_pg_signed_heartbeats_per_s",
        Unit.PER_S,
        "SQLite",
        results.get("registry_signed_heartbeats_per_s"),
        null);
    t.vs(
        "lease renewals by token" + held,
        "registry_pg_heartbeats_per_s",
        Unit.PER_S,
        "SQLite",
        results.get("registry_heartbeats_per_s"),
        t.target("registry_pg_heartbeats_per_s", ">= 12,000/s", v -> v >= 12_000));
    t.row(
        "lease renewal p99",
        "registry_pg_heartbeat_p99_ms",
        Unit.MS,
        null,
        null,
        t.target("registry_pg_heartbeat_p99_ms", "<= 50 ms", v -> v <= 50));
    t.row(
        "failover: kill -9 of an instance -> heartbeat on another, worst",
        "registry_failover_s",
        Unit.S,
        null,
        null,
        t.target("registry_failover_s", "<= 1.5 s", v -> v <= 1.5));

    results.heading(
        sizes.agents()
            + " agents in one JVM, forward-once script, default heartbeat 1 s / lease 3 s");
    Double start = results.get("agents_1000_start_s");
    Double rss = results.get("agents_1000_rss_mb");
    t.row(
        "start all",
        "agents_1000_start_s",
        Unit.S,
        null,
        null,
        start == null ? null : mark("<= 30 s", start <= 30));
    t.row(
        "all " + 2 * sizes.agents() + " messages delivered",
        "agents_1000_deliver_s",
        Unit.S,
        null,
        null,
        null);
    t.row(
        "RSS (" + BenchRun.SCALE_HEAP + ")",
        "agents_1000_rss_mb",
        Unit.MB,
        null,
        null,
        rss == null ? null : mark("<= 2 GB", rss <= 2048));

    results.heading(
        "against Mosquitto QoS 1, persistent session (saves on an interval, we fsync per batch)");
    t.row("Mosquitto QoS 1 pub -> sub", "mqtt_qos1_msgs_per_s", Unit.PER_S, null, null, null);
    t.vs(
        "our FULL e2e against Mosquitto",
        "e2e_full_msgs_per_s",
        Unit.PER_S,
        "Mosquitto",
        mqtt,
        full == null || mqtt == null ? null : mark(">= 1 x Mosquitto", full >= mqtt));
    t.row("Mosquitto drain of queued", "mqtt_drain_100k_s", Unit.S, null, null, null);

    results.heading("JMH micro-benchmarks");
    t.row("frame codec: encode one MSG", "jmh_frame_encode_ns", Unit.NS, null, null, null);
    t.row("frame codec: decode one MSG", "jmh_frame_decode_ns", Unit.NS, null, null, null);
    Double overhead = results.get("script_dispatch_overhead_ns");
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
        null,
        null,
        overhead == null ? null : mark("<= 1,000 ns", overhead <= 1000));
  }

  private void row(
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

  /** A comparison row: shown only when its baseline was measured. */
  private void vs(
      String figure, String key, Unit unit, String baselineName, Double baseline, String target) {
    if (baseline != null) {
      row(figure, key, unit, baselineName, baseline, target);
    }
  }

  /**
   * The target column for {@code key}: {@code target} and whether it was met, or null if
   * unmeasured.
   */
  private String target(String key, String target, java.util.function.DoublePredicate met) {
    Double v = r.get(key);
    return v == null ? null : mark(target, met.test(v));
  }

  private static String mark(String target, boolean met) {
    return target + (met ? "  met" : "  MISSED");
  }
}

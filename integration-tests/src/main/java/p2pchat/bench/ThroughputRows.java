package p2pchat.bench;

import static p2pchat.bench.Report.mark;

import java.util.Locale;
import p2pchat.bench.Results.Unit;

/**
 * The report's throughput sections: the same-run baselines (storage and network ceilings, the naive
 * outbox), one pair's durable throughput end to end, and sealed links against their unsealed twins.
 * Stateless.
 */
final class ThroughputRows {
  private ThroughputRows() {}

  static void baselines(Report t, Results results) {
    results.heading("baselines (same run, same disk)");
    Double storage = results.get("storage_ceiling_msgs_per_s");
    t.row(
        "storage ceiling: SQLite group commit, 100/txn, FULL",
        "storage_ceiling_msgs_per_s",
        Unit.PER_S);
    t.row(
        "naive outbox: 1 txn + fsync per message",
        "naive_outbox_msgs_per_s",
        Unit.PER_S,
        "storage ceiling",
        storage,
        null);
    t.row("network ceiling: our transport, storage off", "network_ceiling_msgs_per_s", Unit.PER_S);
    t.row("storage ceiling: CPU per message", "storage_ceiling_cpu_us_per_msg", Unit.US);
    t.row("network ceiling: CPU per message", "network_ceiling_cpu_us_per_msg", Unit.US);
  }

  static void endToEnd(Report t, Results results) {
    results.heading("end-to-end durable throughput, one pair");
    Double storage = results.get("storage_ceiling_msgs_per_s");
    Double naive = results.get("naive_outbox_msgs_per_s");
    Double network = results.get("network_ceiling_msgs_per_s");
    Double full = results.get("e2e_full_msgs_per_s");
    String fullTarget =
        full == null || storage == null
            ? null
            : mark(">= 0.8 x storage ceiling", full >= 0.8 * storage);
    String onStorage = "storage ceiling";
    t.row("FULL, 1 sending thread", "e2e_full_1t_msgs_per_s", Unit.PER_S, onStorage, storage, null);
    t.row(
        "FULL, 8 sending threads", "e2e_full_8t_msgs_per_s", Unit.PER_S, onStorage, storage, null);
    t.row(
        "FULL, second round (after the unsealed baseline)",
        "e2e_full_again_msgs_per_s",
        Unit.PER_S,
        onStorage,
        storage,
        null);
    t.row("FULL, best of all", "e2e_full_msgs_per_s", Unit.PER_S, onStorage, storage, fullTarget);
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
    String onBoth = "network + storage ceilings";
    t.row(
        "FULL, CPU per message (whole process)",
        "e2e_full_cpu_us_per_msg",
        Unit.US,
        onBoth,
        bothCpu,
        null);
    t.row(
        "NORMAL, CPU per message (whole process)",
        "e2e_normal_cpu_us_per_msg",
        Unit.US,
        onBoth,
        bothCpu,
        null);
    t.row(
        "FULL, 8 threads each joining every send",
        "e2e_full_8t_join_each_msgs_per_s",
        Unit.PER_S,
        "naive outbox",
        naive,
        t.target(
            "e2e_full_8t_join_each_msgs_per_s",
            ">= 4 x naive outbox",
            v -> naive != null && v >= 4 * naive));
    Double senders = results.get("fan_in_senders");
    t.row(
        String.format(
            Locale.ROOT,
            "FULL, fan-in: %.0f senders -> one receiver",
            senders == null ? 0 : senders),
        "fan_in_100_msgs_per_s",
        Unit.PER_S,
        onStorage,
        storage,
        t.target(
            "fan_in_100_msgs_per_s",
            ">= 0.7 x storage ceiling",
            v -> storage != null && v >= 0.7 * storage));
    String onNetwork = "network ceiling";
    t.row(
        "NORMAL, 1 sending thread",
        "e2e_normal_1t_msgs_per_s",
        Unit.PER_S,
        onNetwork,
        network,
        null);
    t.row(
        "NORMAL, 8 sending threads",
        "e2e_normal_8t_msgs_per_s",
        Unit.PER_S,
        onNetwork,
        network,
        null);
    t.row(
        "NORMAL, best of the two",
        "e2e_normal_msgs_per_s",
        Unit.PER_S,
        onNetwork,
        network,
        t.target("e2e_normal_msgs_per_s", ">= 80,000/s", v -> v >= 80_000));
  }

  static void encrypted(Report t, Results results) {
    results.heading("encrypted links (Noise XX, AES-256-GCM) against the plaintext baseline");
    Double full = results.get("e2e_full_msgs_per_s");
    Double network = results.get("network_ceiling_msgs_per_s");
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
        idleEnc == null
            ? idleAgain
            : idleAgain == null ? idleEnc : Double.valueOf(Math.min(idleEnc, idleAgain));
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
    t.row("handshakes (connect, prove, ACK 0), one server thread", "handshakes_per_s", Unit.PER_S);
  }
}

package p2pchat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.cli.Cli;
import p2pchat.launcher.Main;
import picocli.CommandLine;

/**
 * {@code p2pchat bench --quick} end to end, as CI runs it: every figure issue 7 names is in the
 * JSON with a sane value, and the table prints each beside its baseline. Absolute performance is
 * not asserted: the machine is shared.
 */
class BenchCommandTest {
  static final List<String> ISSUE_KEYS =
      List.of(
          "e2e_full_msgs_per_s",
          "e2e_normal_msgs_per_s",
          "storage_ceiling_msgs_per_s",
          "network_ceiling_msgs_per_s",
          "naive_outbox_msgs_per_s",
          "latency_idle_p50_ms",
          "latency_idle_p99_ms",
          "drain_100k_s",
          "crash_to_unreachable_s",
          "change_to_watcher_p99_ms",
          "registry_lookups_per_s",
          "agents_5000_start_s",
          "agents_5000_deliver_s",
          "agents_5000_rss_mb",
          "agents_5000_threads",
          "agents_5000_fds",
          "agents_count",
          "mqtt_qos1_msgs_per_s",
          "mqtt_drain_100k_s",
          // the registry on PostgreSQL, several instances, ten thousand leases
          "registry_heartbeats_per_s",
          "registry_pg_heartbeats_per_s",
          "registry_pg_lookups_per_s",
          "crash_to_unreachable_loaded_s",
          "registry_failover_s",
          // encrypted links: the plaintext baselines and the handshake rate
          "e2e_full_plain_msgs_per_s",
          "network_ceiling_plain_msgs_per_s",
          "latency_idle_plain_p50_ms",
          "handshakes_per_s",
          // the agent's HTTP side (issue 15)
          "http_send_per_s",
          "http_send_p99_ms",
          // rooms (issue 14)
          "room_10_msgs_per_s",
          "room_10_pairs_msgs_per_s",
          // performance, round two (issue 17)
          "e2e_full_8t_join_each_msgs_per_s",
          "latency_half_load_p99_ms",
          "fan_in_100_msgs_per_s",
          "drain_1m_s",
          "start_with_1m_history_s");

  @TempDir Path dir;

  @Test
  void quickBenchWritesEveryFigureOfTheIssueWithSaneValues() throws Exception {
    Path json = dir.resolve("bench.json");
    StringWriter out = new StringWriter();
    CommandLine cli = Cli.configure(new CommandLine(new Main()));
    cli.setOut(new PrintWriter(out, true));
    int code =
        cli.execute(
            "bench", "--quick", "--json", json.toString(), "--dir", dir.resolve("work").toString());

    assertThat(code).as("exit code; output:%n%s", out).isZero();
    JsonNode figures = new ObjectMapper().readTree(json.toFile());
    for (String key : ISSUE_KEYS) {
      assertThat(figures.has(key)).as("key %s in %s", key, figures).isTrue();
      if (key.startsWith("mqtt_") && figures.get(key).isNull()) {
        assertThat(figures.path("mqtt_skipped").asText())
            .as("why Mosquitto was skipped")
            .contains("mosquitto");
        continue;
      }
      assertThat(figures.get(key).isNumber())
          .as("%s is a number: %s", key, figures.get(key))
          .isTrue();
      assertThat(figures.get(key).asDouble()).as(key).isPositive().isLessThan(1e9);
    }
    assertThat(figures.get("latency_idle_p50_ms").asDouble())
        .isLessThanOrEqualTo(figures.get("latency_idle_p99_ms").asDouble());
    assertThat(figures.get("crash_to_unreachable_s").asDouble())
        .as("lease 3 s, heartbeat 1 s")
        .isBetween(0.5, 30.0);
    assertThat(figures.get("crash_to_unreachable_loaded_s").asDouble())
        .as("lease 3 s, leases held beside it")
        .isBetween(0.5, 30.0);
    assertThat(figures.get("registry_failover_s").asDouble())
        .as("kill -9 of an instance")
        .isBetween(0.0, 30.0);
    assertThat(figures.get("drain_messages").asInt()).isPositive();
    assertThat(figures.get("script_dispatch_overhead_ns").isNumber()).isTrue();
    assertThat(out.toString())
        .contains("storage ceiling")
        .contains("network ceiling")
        .contains("reproduce: bin/p2pchat bench --quick");
  }
}

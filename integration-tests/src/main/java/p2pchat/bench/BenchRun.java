package p2pchat.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import p2pchat.agent.Durability;
import p2pchat.agent.transport.TransportConfig;
import p2pchat.bench.e2e.Drain;
import p2pchat.bench.e2e.FanIn;
import p2pchat.bench.e2e.Latency;
import p2pchat.bench.e2e.Throughput;
import p2pchat.bench.http.HttpSend;
import p2pchat.bench.jmh.Micro;
import p2pchat.bench.mqtt.MqttBench;
import p2pchat.bench.network.Handshakes;
import p2pchat.bench.network.NetworkCeiling;
import p2pchat.bench.presence.PresenceBench;
import p2pchat.bench.registry.RegistryFigures;
import p2pchat.bench.storage.SqliteBaselines;
import p2pchat.bench.storage.StorageBench;

/**
 * Runs every benchmark of issue 7 once, in order, each in a fresh directory under {@code dir},
 * recording numbers into {@link Results}. A benchmark that fails is reported in one line and the
 * run goes on; {@link #failed} then says so. Not thread-safe; one run per instance.
 */
final class BenchRun {
  private final Sizes sizes;
  private final Path dir;
  private final Results results;
  private final PrintWriter out;
  private boolean failed;

  BenchRun(Sizes sizes, Path dir, Results results, PrintWriter out) {
    this.sizes = sizes;
    this.dir = dir;
    this.results = results;
    this.out = out;
  }

  private interface Step {
    void run() throws Exception;
  }

  /** The benchmarks in the order they run; {@code only} (ids, empty = all) picks some. */
  void all(java.util.Set<String> only) {
    step(only, "storage", "baselines: storage ceiling, naive outbox", this::storage);
    step(only, "network", "baseline: network ceiling (transport, storage off)", this::network);
    step(only, "e2e", "end-to-end throughput", this::throughput);
    step(only, "latency", "latency send -> handler", this::latency);
    step(only, "drain", "offline drain", this::drain);
    step(
        only, "fanin", "fan-in: " + sizes.fanInSenders() + " senders -> one receiver", this::fanIn);
    step(only, "presence", "presence", this::presence);
    step(
        only,
        "registry",
        "registry load (16 clients, registry in its own JVM)",
        this::registryLoad);
    step(only, "http", "POST /send, 16 clients", this::httpSend);
    step(only, "rooms", "rooms: fan-out to 10, drains", this::rooms);
    step(only, "scale", "scale: " + sizes.agents() + " agents in one JVM", this::scale);
    step(only, "mqtt", "Mosquitto QoS 1 comparison", this::mqtt);
    step(only, "jmh", "JMH micro-benchmarks", this::micro);
  }

  static final java.util.List<String> IDS =
      java.util.List.of(
          "storage",
          "network",
          "e2e",
          "latency",
          "drain",
          "fanin",
          "presence",
          "registry",
          "http",
          "rooms",
          "scale",
          "mqtt",
          "jmh");

  boolean failed() {
    return failed;
  }

  private void step(java.util.Set<String> only, String id, String name, Step step) {
    if (!only.isEmpty() && !only.contains(id)) {
      return;
    }
    long t0 = System.nanoTime();
    out.printf(Locale.ROOT, "%s ...%n", name);
    out.flush();
    try {
      step.run();
      out.printf(Locale.ROOT, "%s: done in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
    } catch (Exception | AssertionError e) {
      failed = true;
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      out.printf(Locale.ROOT, "%s: FAILED: %s%n", name, message);
      results.putText("failed_" + name.replaceAll("\\W+", "_").toLowerCase(Locale.ROOT), message);
    }
    out.flush();
  }

  private Path fresh(String name) throws Exception {
    return Files.createDirectories(dir.resolve(name));
  }

  private void storage() throws Exception {
    StorageBench.Options o =
        new StorageBench.Options(
            fresh("storage"), sizes.storageMessages(), sizes.storageNaive(), sizes.storageRounds());
    StorageBench.run(o).asJson().forEach(results::put);
    // CPU per message of the bare insert loop: the floor the end-to-end CPU per message is read
    // against.
    int n = Math.min(sizes.storageMessages(), 50_000);
    long cpu = Throughput.processCpuNanos();
    SqliteBaselines.ceiling(fresh("storage-cpu"), n);
    results.put("storage_ceiling_cpu_us_per_msg", (Throughput.processCpuNanos() - cpu) / 1e3 / n);
  }

  private void network() throws Exception {
    int n = sizes.networkMessages();
    NetworkCeiling.run(1, Math.min(n, 100_000)); // warm-up, sealed
    NetworkCeiling.run(1, Math.min(n, 100_000), false); // and unsealed
    long cpu = Throughput.processCpuNanos();
    double one = NetworkCeiling.run(1, n);
    double oneCpu = (Throughput.processCpuNanos() - cpu) / 1e3 / n;
    // The plaintext baseline (same handshake, frames unsealed), each run beside its sealed twin.
    double plainOne = NetworkCeiling.run(1, n, false);
    cpu = Throughput.processCpuNanos();
    double eight = NetworkCeiling.run(8, n);
    double eightCpu = (Throughput.processCpuNanos() - cpu) / 1e3 / n;
    double plainEight = NetworkCeiling.run(8, n, false);
    results.put("network_ceiling_1t_msgs_per_s", one);
    results.put("network_ceiling_8t_msgs_per_s", eight);
    results.put("network_ceiling_msgs_per_s", Math.max(one, eight));
    results.put("network_ceiling_cpu_us_per_msg", one >= eight ? oneCpu : eightCpu);
    results.put("network_ceiling_plain_msgs_per_s", Math.max(plainOne, plainEight));
    results.put("network_drain_100k_s", NetworkCeiling.drainQueued(100_000).toNanos() / 1e9);
    results.put("handshakes_per_s", Handshakes.run(sizes.quick() ? 200 : 2000));
  }

  private void throughput() throws Exception {
    for (Durability d : Durability.values()) {
      String key = "e2e_" + d.name().toLowerCase(Locale.ROOT);
      List<Throughput.Figures> f =
          Throughput.run(
              fresh(key),
              d,
              Math.min(sizes.e2eMessages(), 20_000),
              sizes.e2eMessages(),
              d == Durability.FULL ? sizes.e2eJoinEachMessages() : 0);
      Throughput.Figures best =
          f.get(0).msgsPerSecond() >= f.get(1).msgsPerSecond() ? f.get(0) : f.get(1);
      results.put(key + "_1t_msgs_per_s", f.get(0).msgsPerSecond());
      results.put(key + "_8t_msgs_per_s", f.get(1).msgsPerSecond());
      results.put(key + "_msgs_per_s", best.msgsPerSecond());
      results.put(key + "_cpu_us_per_msg", best.cpuMicrosPerMessage());
      if (f.size() > 2) {
        results.put(key + "_8t_join_each_msgs_per_s", f.get(2).msgsPerSecond());
      }
    }
    // The plaintext baseline of FULL: the same pair with its frames unsealed after the handshake,
    // measured between two sealed runs, so that neither side has the warmer JVM; best of each.
    int warm = Math.min(sizes.e2eMessages(), 20_000);
    List<Throughput.Figures> plain =
        unsealed(
            () ->
                Throughput.run(
                    fresh("e2e_full_plain"), Durability.FULL, warm, sizes.e2eMessages(), 0));
    List<Throughput.Figures> again =
        Throughput.run(fresh("e2e_full_again"), Durability.FULL, warm, sizes.e2eMessages(), 0);
    double sealedBest =
        Math.max(
            results.get("e2e_full_msgs_per_s"),
            Math.max(again.get(0).msgsPerSecond(), again.get(1).msgsPerSecond()));
    results.put(
        "e2e_full_again_msgs_per_s",
        Math.max(again.get(0).msgsPerSecond(), again.get(1).msgsPerSecond()));
    results.put("e2e_full_msgs_per_s", sealedBest);
    results.put(
        "e2e_full_plain_msgs_per_s",
        Math.max(plain.get(0).msgsPerSecond(), plain.get(1).msgsPerSecond()));
  }

  /**
   * Runs {@code work} with agents whose links are not sealed: the benchmark's plaintext baselines
   * only.
   */
  private static <T> T unsealed(java.util.concurrent.Callable<T> work) throws Exception {
    System.setProperty(TransportConfig.UNSEALED_PROPERTY, "true");
    try {
      return work.call();
    } finally {
      System.clearProperty(TransportConfig.UNSEALED_PROPERTY);
    }
  }

  private void latency() throws Exception {
    Double max = results.get("e2e_full_msgs_per_s");
    double half = max == null ? 0 : max / 2;
    List<Latency.Figures> f =
        Latency.run(fresh("latency"), Durability.FULL, sizes.latencyProbes(), half);
    Latency.Figures idle = f.get(0);
    results.put("latency_idle_p50_ms", idle.p50());
    results.put("latency_idle_p99_ms", idle.p99());
    results.put("latency_idle_p999_ms", idle.p999());
    results.put("latency_idle_max_ms", idle.max());
    results.put("latency_idle_stored_p50_ms", idle.storedP50());
    results.put("latency_idle_stored_p99_ms", idle.storedP99());
    // The unsealed baseline, between two sealed runs so that neither has the warmer JVM.
    Latency.Figures plain =
        unsealed(
                () ->
                    Latency.run(fresh("latency_plain"), Durability.FULL, sizes.latencyProbes(), 0))
            .get(0);
    Latency.Figures again =
        Latency.run(fresh("latency_again"), Durability.FULL, sizes.latencyProbes(), 0).get(0);
    results.put("latency_idle_plain_p50_ms", plain.p50());
    results.put("latency_idle_plain_p99_ms", plain.p99());
    results.put("latency_idle_again_p50_ms", again.p50());
    if (f.size() > 1) {
      Latency.Figures load = f.get(1);
      results.put("latency_half_load_msgs_per_s", load.loadPerSecond());
      results.put(
          "latency_half_load_probes",
          load.probes()); // fewer than asked: the script fell behind for a minute
      results.put("latency_half_load_p50_ms", load.p50());
      results.put("latency_half_load_p99_ms", load.p99());
      results.put("latency_half_load_p999_ms", load.p999());
    }
  }

  private void drain() throws Exception {
    Drain.Figures f = Drain.run(fresh("drain"), Durability.FULL, sizes.drainMessages());
    results.put("drain_messages", f.messages());
    results.put("drain_100k_s", f.fromRestartSeconds());
    results.put("drain_100k_from_online_s", f.fromOnlineSeconds());
    results.put("drain_queueing_s", f.queueSeconds());
    // Ten times the backlog: the cost must grow with it, no faster; then the receiver starts again
    // on a history of that size.
    Drain.History h =
        Drain.withHistory(fresh("drain-1m"), Durability.FULL, sizes.drainBigMessages());
    results.put("drain_1m_messages", h.drain().messages());
    results.put("drain_1m_s", h.drain().fromRestartSeconds());
    results.put("start_with_1m_history_s", h.startSeconds());
    results.put("start_empty_history_s", h.emptyStartSeconds());
  }

  private void fanIn() throws Exception {
    FanIn.Figures f = FanIn.run(fresh("fan-in"), sizes.fanInSenders(), sizes.fanInEach());
    results.put("fan_in_senders", f.senders());
    results.put("fan_in_messages", f.messages());
    results.put("fan_in_100_msgs_per_s", f.perSecond());
  }

  private void presence() throws Exception {
    PresenceBench.Figures f =
        PresenceBench.run(fresh("presence"), sizes.crashTrials(), sizes.watcherChanges());
    results.put("crash_trials", f.crashTrials());
    results.put("crash_to_unreachable_s", f.crashMaxSeconds());
    results.put("crash_to_unreachable_mean_s", f.crashMeanSeconds());
    results.put("change_to_watcher_p50_ms", f.watcherP50Millis());
    results.put("change_to_watcher_p99_ms", f.watcherP99Millis());
    results.put("change_to_watcher_max_ms", f.watcherMaxMillis());
  }

  private void registryLoad() throws Exception {
    // Fresh JVMs: each load first lets the JIT compile its path, as in a registry that runs for
    // hours.
    Map<String, Double> f =
        RegistryFigures.measure(
            Duration.ofSeconds(sizes.registrySeconds()),
            Duration.ofSeconds(sizes.quick() ? 1 : 10),
            sizes.crashTrials(),
            sizes.registryLeases(),
            fresh("registry"),
            line -> out.println("   " + line));
    results.put("registry_clients", 16);
    f.forEach(results::put);
  }

  private void rooms() throws Exception {
    Map<String, Double> f;
    try (ChildJvm jvm =
        ChildJvm.start(
            "rooms",
            List.of(),
            p2pchat.bench.rooms.RoomBench.class.getName(),
            List.of(
                fresh("rooms").toString(),
                "10",
                sizes.quick() ? "300" : "10000",
                sizes.quick() ? "500" : "10000"),
            "WARN")) {
      f = jvm.figures("ROOMS", Duration.ofMinutes(10));
    }
    results.put("room_members", f.get("members").intValue());
    results.put("room_10_msgs_per_s", f.get("room_per_s"));
    results.put("room_10_pairs_msgs_per_s", f.get("pairs_per_s"));
    results.put("room_drain_messages", f.get("drain_messages").intValue());
    results.put("room_drain_10k_s", f.get("drain_s"));
    results.put("room_relay_drain_10k_s", f.get("relay_drain_s"));
  }

  private void httpSend() throws Exception {
    HttpSend.Figures f =
        HttpSend.run(
            fresh("http-send"), Duration.ofSeconds(1), Duration.ofSeconds(sizes.quick() ? 2 : 5));
    results.put("http_send_clients", HttpSend.CLIENTS);
    results.put("http_send_per_s", f.http().perSecond());
    results.put("http_send_p50_ms", f.http().p50Millis());
    results.put("http_send_p99_ms", f.http().p99Millis());
    results.put("http_send_direct_per_s", f.direct().perSecond());
    results.put("http_send_direct_p99_ms", f.direct().p99Millis());
    p2pchat.bench.http.MetricsScrape.Figures m =
        p2pchat.bench.http.MetricsScrape.run(
            fresh("metrics-scrape"), sizes.quick() ? 100 : 1_000, sizes.quick() ? 20 : 100);
    results.put("metrics_peers_known", m.peersKnown());
    results.put("metrics_scrape_p50_ms", m.p50Millis());
    results.put("metrics_scrape_p99_ms", m.p99Millis());
    results.put("metrics_scrape_bytes", m.bytes());
  }

  private void scale() throws Exception {
    int n = sizes.agents();
    Map<String, Double> v = ScaleRun.run(fresh("scale-registry"), fresh("scale"), n);
    results.put("agents_count", n);
    results.put("agents_5000_start_s", v.get("start_s"));
    results.put("agents_5000_rss_mb", v.get("rss_mb"));
    results.put("agents_5000_threads", v.get("threads"));
    results.put("agents_5000_fds", v.get("fds"));
    results.put("agents_5000_received", v.get("received"));
    if (v.get("received") < v.get("messages") || v.get("acked") < v.get("messages")) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "only %.0f of %.0f messages arrived (%.0f acknowledged)"
                  + " within 5 minutes of sending; start took %.0f s",
              v.get("received"),
              v.get("messages"),
              v.get("acked"),
              v.get("start_s")));
    }
    results.put("agents_5000_deliver_s", v.get("deliver_s"));
  }

  private void mqtt() throws Exception {
    var why = MqttBench.unavailable();
    if (why.isPresent()) {
      out.println("   skipped: " + why.get());
      results.putNull("mqtt_qos1_msgs_per_s");
      results.putNull("mqtt_drain_100k_s");
      results.putText("mqtt_skipped", why.get());
      return;
    }
    MqttBench.Figures f =
        MqttBench.run(fresh("mqtt"), sizes.mqttMessages(), sizes.mqttProbes(), sizes.mqttDrain());
    results.put("mqtt_qos1_msgs_per_s", f.msgsPerSecond());
    results.put("mqtt_latency_p50_ms", f.latencyP50Millis());
    results.put("mqtt_latency_p99_ms", f.latencyP99Millis());
    results.put("mqtt_drain_messages", f.drained());
    results.put("mqtt_drain_100k_s", f.drainSeconds());
  }

  private void micro() throws Exception {
    Map<String, Double> ns = Micro.run(sizes.quick());
    results.put(
        "jmh_frame_encode_ns", ns.getOrDefault("FrameCodecBenchmark.encodeMsg", Double.NaN));
    results.put(
        "jmh_frame_decode_ns", ns.getOrDefault("FrameCodecBenchmark.decodeMsg", Double.NaN));
    double java = ns.getOrDefault("ScriptDispatchBenchmark.javaNoOp", Double.NaN);
    double script = ns.getOrDefault("ScriptDispatchBenchmark.scriptEmptyHandler", Double.NaN);
    results.put("jmh_dispatch_java_ns", java);
    results.put("jmh_dispatch_script_ns", script);
    results.put(
        "jmh_dispatch_script_echo_ns",
        ns.getOrDefault("ScriptDispatchBenchmark.scriptEchoReply", Double.NaN));
    results.put("script_dispatch_overhead_ns", script - java);
  }
}

package p2pchat.bench.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentRuntime;
import p2pchat.discovery.LocalPostgres;

/**
 * The registry's figures on both backends, as a targeted run beside {@code bin/p2pchat bench}:
 * lookups, signed heartbeats and lease renewals by token per second on one instance (SQLite, then
 * PostgreSQL; the loads of {@link RegistryLoad} and {@link LeaseFleet}), the time from an agent's
 * crash to unreachable with ten thousand leases held beside it, and failover: the time from kill -9
 * of the instance an agent uses to its next heartbeat accepted by another (default 1 s heartbeat, 3
 * s lease). Prints one JSON object.
 *
 * <pre>
 * {@code java -cp "$(cat integration-tests/target/classpath.txt)" p2pchat.bench.registry.RegistryFigures [seconds] [trials]}
 * </pre>
 */
public final class RegistryFigures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RegistryFigures() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    if (args.length > 2
        && args[2].equals("renewals")) { // the renewal figures alone, e.g. to profile
      System.out.println(
          JSON.writeValueAsString(
              renewalsOnly(
                  Duration.ofSeconds(seconds),
                  args.length > 3 ? Integer.parseInt(args[3]) : LEASES)));
      return;
    }
    Duration d = Duration.ofSeconds(seconds);
    Map<String, Double> out =
        measure(
            d,
            Duration.ofSeconds(Math.min(10, seconds)),
            trials,
            LEASES,
            Files.createTempDirectory("registry-figures"),
            System.err::println);
    System.out.println(JSON.writeValueAsString(out));
  }

  /**
   * Every figure, under its {@code bin/p2pchat bench} key: each load runs {@code d} after {@code
   * warmup}, with {@code leases} leases held, crash and failover {@code trials} times each; {@code
   * log} gets one line per load.
   */
  public static Map<String, Double> measure(
      Duration d, Duration warmup, int trials, int leases, Path dir, Consumer<String> log)
      throws Exception {
    Map<String, Double> out = new LinkedHashMap<>();
    try (RegistryProcess sqlite = RegistryProcess.start(dir.resolve("registry.db"))) {
      RegistryLoad.Result r = lookupsAndHeartbeats("sqlite", sqlite.url(), d, warmup, log);
      out.put("registry_lookups_per_s", r.lookups().perSecond());
      out.put("registry_lookup_p50_ms", r.lookups().p50Millis());
      out.put("registry_lookup_p99_ms", r.lookups().p99Millis());
      out.put("registry_signed_heartbeats_per_s", r.heartbeats().perSecond());
      out.put("registry_signed_heartbeat_p99_ms", r.heartbeats().p99Millis());
      out.put("registry_errors", (double) (r.lookups().errors() + r.heartbeats().errors()));
      try (LeaseFleet fleet = LeaseFleet.register(sqlite.url(), leases, 16)) {
        RegistryLoad.Figures renewals = renewals(fleet, d, warmup);
        log.accept("sqlite " + renewals.line() + ", " + leases + " leases");
        out.put("registry_leases", (double) leases);
        out.put("registry_heartbeats_per_s", renewals.perSecond());
        out.put("registry_heartbeat_p99_ms", renewals.p99Millis());
        List<Double> crashes = loadedCrashes(fleet, sqlite.url(), dir.resolve("crash"), trials);
        log.accept("crash -> unreachable with " + leases + " leases held (s): " + crashes);
        out.put(
            "crash_to_unreachable_loaded_s",
            crashes.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        out.put("registry_leases_lapsed", (double) fleet.lapsed());
      }
    }
    try (LocalPostgres pg = LocalPostgres.start()) {
      try (RegistryProcess onPg = RegistryProcess.startOn(pg.createDatabase(), List.of())) {
        RegistryLoad.Result r = lookupsAndHeartbeats("postgresql", onPg.url(), d, warmup, log);
        out.put("registry_pg_lookups_per_s", r.lookups().perSecond());
        out.put("registry_pg_lookup_p99_ms", r.lookups().p99Millis());
        out.put("registry_pg_signed_heartbeats_per_s", r.heartbeats().perSecond());
        out.put("registry_pg_signed_heartbeat_p99_ms", r.heartbeats().p99Millis());
        try (LeaseFleet fleet = LeaseFleet.register(onPg.url(), leases, 16)) {
          RegistryLoad.Figures renewals = renewals(fleet, d, warmup);
          log.accept("postgresql " + renewals.line() + ", " + leases + " leases");
          out.put("registry_pg_heartbeats_per_s", renewals.perSecond());
          out.put("registry_pg_heartbeat_p99_ms", renewals.p99Millis());
        }
      }
      List<Double> failovers = new ArrayList<>();
      for (int t = 0; t < trials; t++) {
        failovers.add(failover(pg, dir.resolve("failover-" + t)));
      }
      log.accept(
          "failover: kill -9 of the agent's instance -> heartbeat accepted by another (s): "
              + failovers);
      out.put(
          "registry_failover_s",
          failovers.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
      out.put(
          "registry_failover_mean_s",
          failovers.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
    }
    return out;
  }

  /**
   * 16 clients' lookups, then their signed heartbeats, on {@code url}; one line each to {@code
   * log}.
   */
  private static RegistryLoad.Result lookupsAndHeartbeats(
      String backend, URI url, Duration d, Duration warmup, Consumer<String> log) throws Exception {
    RegistryLoad.Result r = RegistryLoad.run(url, 16, d, warmup);
    log.accept(backend + " " + r.lookups().line());
    log.accept(backend + " signed " + r.heartbeats().line());
    return r;
  }

  /** Renewals by token on each backend, and nothing else. */
  static Map<String, Object> renewalsOnly(Duration d, int leases) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    Path dir = Files.createTempDirectory("registry-renewals");
    Duration warmup = Duration.ofSeconds(Math.min(10, d.toSeconds()));
    try (RegistryProcess sqlite = RegistryProcess.start(dir.resolve("registry.db"));
        LeaseFleet fleet = LeaseFleet.register(sqlite.url(), leases, 16)) {
      RegistryLoad.Figures renewals = renewals(fleet, d, warmup);
      System.err.println("sqlite " + renewals.line() + " lapsed " + fleet.lapsed());
      out.put("registry_heartbeats_per_s", renewals.perSecond());
      out.put("registry_heartbeat_p99_ms", renewals.p99Millis());
    }
    try (LocalPostgres pg = LocalPostgres.start();
        RegistryProcess onPg = RegistryProcess.startOn(pg.createDatabase(), List.of());
        LeaseFleet fleet = LeaseFleet.register(onPg.url(), leases, 16)) {
      RegistryLoad.Figures renewals = renewals(fleet, d, warmup);
      System.err.println("postgresql " + renewals.line() + " lapsed " + fleet.lapsed());
      out.put("registry_pg_heartbeats_per_s", renewals.perSecond());
      out.put("registry_pg_heartbeat_p99_ms", renewals.p99Millis());
    }
    return out;
  }

  /** Leases held for the renewal and loaded-crash figures. */
  static final int LEASES = 10_000;

  /** Renewals by token at saturation: 4 clients, 250 renewals a request, after a warm-up. */
  static RegistryLoad.Figures renewals(LeaseFleet fleet, Duration duration, Duration warmup)
      throws Exception {
    fleet.saturate(warmup, 4, 250);
    return fleet.saturate(duration, 4, 250);
  }

  /**
   * Seconds from the crash of an agent (default 1 s heartbeat, 3 s lease) to the registry showing
   * it unreachable, while {@code fleet}'s leases are all renewed every second beside it.
   */
  static List<Double> loadedCrashes(LeaseFleet fleet, URI registry, Path dir, int trials)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    fleet.hold(Duration.ofSeconds(1));
    List<Double> out = new ArrayList<>();
    try (AgentRuntime runtime = AgentRuntime.create()) {
      for (int t = 0; t < trials; t++) {
        String name = "Crash" + t;
        Agent agent = Agent.start(AgentConfig.of(name, registry, dir.resolve(name)), runtime);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!status(http, registry, name).equals("online")) {
          check(deadline, name + " never showed as online");
          Thread.sleep(20);
        }
        Thread.sleep(
            1500 + (long) (Math.random() * 1000)); // a crash at any point of the heartbeat cycle
        long crashedAt = System.nanoTime();
        agent.crash();
        while (!status(http, registry, name).equals("unreachable")) {
          check(deadline, name + " was not seen unreachable");
          Thread.sleep(5);
        }
        out.add((System.nanoTime() - crashedAt) / 1e9);
      }
    }
    return out;
  }

  /**
   * Seconds from kill -9 of the agent's first instance to its next heartbeat accepted by the
   * second.
   */
  static double failover(LocalPostgres pg, Path dir) throws Exception {
    String database = pg.createDatabase();
    HttpClient http = HttpClient.newHttpClient();
    try (RegistryProcess first = RegistryProcess.startOn(database, List.of());
        RegistryProcess second = RegistryProcess.startOn(database, List.of());
        AgentRuntime runtime = AgentRuntime.create()) {
      Agent agent =
          Agent.start(
              AgentConfig.of("Sam", first.url(), dir.resolve("Sam"))
                  .withDiscovery(List.of(first.url(), second.url())),
              runtime);
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (lastSeen(http, second.url()) <= 0) {
          check(deadline, "Sam never showed as online");
          Thread.sleep(20);
        }
        Thread.sleep(
            1500 + (long) (Math.random() * 1000)); // a kill at any point of the heartbeat cycle
        long killedAt = System.currentTimeMillis();
        first.kill();
        while (true) {
          long seen = lastSeen(http, second.url());
          if (seen > killedAt) {
            String status = status(http, second.url(), "Sam");
            if (!status.equals("online")) {
              throw new IllegalStateException("Sam was seen " + status + " after the failover");
            }
            return (System.currentTimeMillis() - killedAt) / 1000.0;
          }
          check(deadline, "no heartbeat reached the second instance");
          Thread.sleep(5);
        }
      } finally {
        agent.crash();
      }
    }
  }

  private static void check(long deadline, String what) {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(what + " within 30 s");
    }
  }

  private static long lastSeen(HttpClient http, URI registry) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(registry.resolve("/v1/peers/Sam")).build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? JSON.readTree(r.body()).path("lastSeen").asLong(0) : 0;
  }

  private static String status(HttpClient http, URI registry, String name) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(registry.resolve("/v1/peers/" + name)).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("status").asText();
  }
}

package p2pchat.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import p2pchat.discovery.EmbeddedRegistry;
import p2pchat.discovery.LocalPostgres;

/**
 * The scenario's registry, reached as {@code registry} once {@code registry()} started it: a real
 * Dropwizard registry in this JVM on a SQLite file, with short leases so that crashes show quickly.
 * {@code registry.stop()} / {@code registry.start()} restart it on the same port and file; {@code
 * registry.status('Carol')} asks it over HTTP like any client.
 *
 * <p>{@code registry(instances: 3, db: 'postgresql')} starts a throwaway PostgreSQL and three equal
 * instances on it; peers get all three ({@code --discovery URL,URL,URL}). {@code registry.stop(0)}
 * / {@code registry.start(0)} stop and start one instance; {@code registry.status(...)} asks the
 * first running one.
 *
 * <p>Peers reach it through fronts of their own ({@link RegistryFront}), so {@code
 * registry.pause()} / {@code registry.resume()} freeze it for every peer and {@code
 * partition(registry, 'Ann')} cuts it away from one; the harness's own {@code status(...)} asks the
 * registry directly, so it tells what the registry thinks even then. Thread-safe.
 */
public final class RegistryHandle {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Scenario scenario;
  private final List<EmbeddedRegistry> instances = new ArrayList<>();
  private final LocalPostgres postgres; // null for SQLite
  private final HttpClient http;
  private final RegistryOptions options;
  private final Map<String, List<RegistryFront>> fronts =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean paused;

  /** {@code instances:} and {@code db:} of {@code registry(...)}. */
  record Topology(int instances, boolean postgresql) {
    static Topology of(Map<String, ?> options) {
      Object n = options.containsKey("instances") ? options.get("instances") : 1;
      if (!(n instanceof Integer count) || count < 1 || count > 9) {
        throw new ScenarioError(
            "registry(instances: " + n + ") must be a whole number 1..9",
            "e.g. registry(instances: 3, db: 'postgresql')");
      }
      String db = String.valueOf(options.containsKey("db") ? options.get("db") : "sqlite");
      if (!db.equals("sqlite") && !db.equals("postgresql")) {
        throw new ScenarioError(
            "registry(db: '" + db + "') is not a database the registry runs on",
            "db: 'sqlite' or db: 'postgresql'");
      }
      if (count > 1 && db.equals("sqlite")) {
        throw new ScenarioError(
            "registry(instances: " + count + ") needs a shared database", "add db: 'postgresql'");
      }
      return new Topology(count, db.equals("postgresql"));
    }
  }

  /**
   * A registry as {@code options} say, on {@code database} (and a PostgreSQL of its own if asked).
   */
  RegistryHandle(Scenario scenario, Path database, RegistryOptions options, HttpClient http) {
    this.scenario = scenario;
    this.options = options;
    this.http = http;
    Topology topology = options.topology();
    this.postgres = topology.postgresql() ? LocalPostgres.start() : null;
    EmbeddedRegistry.Settings settings =
        EmbeddedRegistry.Settings.onFile(database)
            .withLease(options.lease().toDuration(), options.heartbeat().toDuration());
    if (postgres != null) {
      settings = settings.withDatabase(postgres.createDatabase());
    }
    for (int i = 0; i < topology.instances(); i++) {
      instances.add(EmbeddedRegistry.start(settings));
    }
    instances.forEach(this::warmUp);
  }

  /**
   * The first request to a fresh registry is slow (Jersey initializes lazily); make it before any
   * peer does.
   */
  private void warmUp(EmbeddedRegistry registry) {
    try {
      http.send(
          HttpRequest.newBuilder(registry.url().resolve("/v1/peers"))
              .timeout(Duration.ofSeconds(10))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // the peers will retry by themselves
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public URI getUrl() {
    return instances.get(0).url();
  }

  /** Every instance's URL, in the order peers try them. */
  public List<URI> getUrls() {
    return instances.stream().map(EmbeddedRegistry::url).toList();
  }

  /**
   * The addresses {@code peer} is given: a front of its own before each instance, listening on
   * {@code host}.
   */
  List<URI> frontsFor(String peer, io.netty.channel.EventLoopGroup group, String host) {
    List<RegistryFront> mine =
        fronts.computeIfAbsent(
            peer,
            p ->
                instances.stream()
                    .map(r -> new RegistryFront(group, host, r.url(), () -> paused))
                    .toList());
    return mine.stream().map(RegistryFront::url).toList();
  }

  /**
   * Freezes the registry for every peer: their connections stay open, new ones are accepted, and
   * nothing passes either way until {@link #resume()} (as a SIGSTOPped server). Peers keep talking
   * to each other on the addresses they know.
   */
  public void pause() {
    scenario.step("registry.pause", () -> pauseNow("registry paused"));
  }

  /** What was held goes on, in order. */
  public void resume() {
    scenario.step("registry.resume", () -> resumeNow("registry resumed"));
  }

  public boolean isPaused() {
    return paused;
  }

  void pauseNow(String label) {
    paused = true;
    scenario.timeline().mark("registry", "fault", label);
  }

  void resumeNow(String label) {
    if (!paused) {
      return;
    }
    paused = false;
    fronts.values().forEach(l -> l.forEach(RegistryFront::resume));
    scenario.timeline().mark("registry", "heal", label);
  }

  /** {@code partition(registry, 'Ann')}: Ann's connections to the registry reset, new refused. */
  void cutFrom(String peer, String label) {
    fronts.getOrDefault(peer, List.of()).forEach(RegistryFront::cut);
    scenario.timeline().mark("registry", "fault", label);
    scenario.timeline().mark(peer, "fault", label);
  }

  /** The peer reaches the registry again. */
  void healFrom(String peer, String label) {
    List<RegistryFront> mine = fronts.getOrDefault(peer, List.of());
    if (mine.stream().anyMatch(RegistryFront::isCut)) {
      mine.forEach(RegistryFront::heal);
      scenario.timeline().mark("registry", "heal", label);
      scenario.timeline().mark(peer, "heal", label);
    }
  }

  /** Every registry partition healed (a pause is not: {@code registry.resume()} ends it). */
  void healAll(String label) {
    fronts.keySet().forEach(p -> healFrom(p, label));
  }

  /** Bytes and connections the fronts hold, for tests. */
  int held() {
    return fronts.values().stream().flatMap(List::stream).mapToInt(RegistryFront::held).sum();
  }

  public Span getHeartbeat() {
    return options.heartbeat();
  }

  public Span getLease() {
    return options.lease();
  }

  /** True while at least one instance runs. */
  public boolean isRunning() {
    return instances.stream().anyMatch(EmbeddedRegistry::running);
  }

  /** Stops the registry (every instance): peers keep running on the addresses they know. */
  public void stop() {
    all(STOP);
  }

  /** Starts it again on the same port and database. */
  public void start() {
    all(START);
  }

  /** Stops instance {@code i} (from 0) at once; the others carry on. */
  public void stop(int i) {
    one(i, STOP);
  }

  /** Starts instance {@code i} again, on its port. */
  public void start(int i) {
    one(i, START);
  }

  /**
   * Stopping or starting instances: the word's verb, what is done to each instance, the state the
   * timeline marks (up, down) and the mark's past tense.
   */
  private record Turn(
      String verb,
      BiConsumer<RegistryHandle, EmbeddedRegistry> action,
      String state,
      String done) {}

  private static final Turn STOP = new Turn("stop", (h, r) -> r.stop(), "down", "stopped");
  private static final Turn START =
      new Turn("start", RegistryHandle::startAndWarmUp, "up", "started");

  private void all(Turn turn) {
    lifecycle("registry." + turn.verb(), instances, turn, "registry " + turn.done());
  }

  private void one(int i, Turn turn) {
    List<EmbeddedRegistry> which = List.of(instance(i));
    lifecycle(
        "registry." + turn.verb() + "(" + i + ")",
        which,
        turn,
        "registry instance " + i + " " + turn.done());
  }

  /** The step {@code word}: the turn of each of {@code which}, then its mark as {@code label}. */
  private void lifecycle(String word, List<EmbeddedRegistry> which, Turn turn, String label) {
    scenario.step(
        word,
        () -> {
          which.forEach(r -> turn.action().accept(this, r));
          scenario.timeline().mark("registry", turn.state(), label);
        });
  }

  private void startAndWarmUp(EmbeddedRegistry r) {
    r.start();
    warmUp(r);
  }

  private EmbeddedRegistry instance(int i) {
    if (i < 0 || i >= instances.size()) {
      throw new ScenarioError(
          "there is no registry instance " + i, "instances are 0.." + (instances.size() - 1));
    }
    return instances.get(i);
  }

  /**
   * A peer's status as the first running instance tells it: online, away, unreachable; "unknown" or
   * "down".
   */
  public String status(Object peer) {
    for (EmbeddedRegistry r : instances) {
      if (r.running()) {
        return status(r, peer);
      }
    }
    return "down";
  }

  /** A peer's status as instance {@code i} tells it. */
  public String status(int i, Object peer) {
    EmbeddedRegistry r = instance(i);
    return r.running() ? status(r, peer) : "down";
  }

  private String status(EmbeddedRegistry registry, Object peer) {
    String name = scenario.nameOf(peer);
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(registry.url().resolve("/v1/peers/" + name))
                  .timeout(Duration.ofSeconds(2))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 404) {
        return "unknown";
      }
      JsonNode body = JSON.readTree(r.body());
      return body.path("status").asText("unknown");
    } catch (IOException e) {
      return "down";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "down";
    }
  }

  void close() {
    paused = false;
    fronts.values().forEach(l -> l.forEach(RegistryFront::close));
    instances.forEach(EmbeddedRegistry::stop);
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  public String toString() {
    return "registry "
        + getUrls()
        + (isRunning() ? "" : " (stopped)")
        + (paused ? " (paused)" : "");
  }
}

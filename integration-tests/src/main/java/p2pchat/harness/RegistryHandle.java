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
import p2pchat.discovery.EmbeddedRegistry;

/**
 * The scenario's registry, reached as {@code registry} once {@code registry()} started it: a
 * real Dropwizard registry in this JVM on a SQLite file, with short leases so that crashes show
 * quickly. {@code registry.stop()} / {@code registry.start()} restart it on the same port and
 * file; {@code registry.status('Carol')} asks it over HTTP like any client. Thread-safe.
 */
public final class RegistryHandle {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Scenario scenario;
  private final EmbeddedRegistry registry;
  private final HttpClient http;
  private final Span heartbeat;
  private final Span lease;

  RegistryHandle(Scenario scenario, Path database, Span heartbeat, Span lease, HttpClient http) {
    this.scenario = scenario;
    this.heartbeat = heartbeat;
    this.lease = lease;
    this.http = http;
    this.registry =
        EmbeddedRegistry.start(
            EmbeddedRegistry.Settings.onFile(database).withLease(lease.toDuration(), heartbeat.toDuration()));
    warmUp();
  }

  /** The first request to a fresh registry is slow (Jersey initializes lazily); make it before any peer does. */
  private void warmUp() {
    try {
      http.send(HttpRequest.newBuilder(registry.url().resolve("/v1/peers")).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // the peers will retry by themselves
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public URI getUrl() {
    return registry.url();
  }

  public Span getHeartbeat() {
    return heartbeat;
  }

  public Span getLease() {
    return lease;
  }

  public boolean isRunning() {
    return registry.running();
  }

  /** Stops the registry: peers keep running on the addresses they know. */
  public void stop() {
    scenario.step("registry.stop", false, () -> {
      registry.stop();
      scenario.timeline().mark("registry", "down", "registry stopped");
      return null;
    });
  }

  /** Starts it again on the same port and database. */
  public void start() {
    scenario.step("registry.start", false, () -> {
      registry.start();
      warmUp();
      scenario.timeline().mark("registry", "up", "registry started");
      return null;
    });
  }

  /** A peer's status as the registry tells it: online, away, unreachable; "unknown" or "down". */
  public String status(Object peer) {
    String name = scenario.nameOf(peer);
    if (!registry.running()) {
      return "down";
    }
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(registry.url().resolve("/v1/peers/" + name)).timeout(Duration.ofSeconds(2)).GET().build(),
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
    registry.stop();
  }

  @Override
  public String toString() {
    return "registry " + registry.url() + (registry.running() ? "" : " (stopped)");
  }
}

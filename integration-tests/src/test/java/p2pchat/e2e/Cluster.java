package p2pchat.e2e;

import java.nio.file.Path;
import java.time.Duration;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentRuntime;
import p2pchat.discovery.EmbeddedRegistry;
import p2pchat.harness.LocalAgents;

/**
 * A real registry and real in-process agents for end-to-end tests, torn down in reverse. Short
 * heartbeat and lease so presence changes show within a second. Not thread-safe: one per test.
 */
final class Cluster implements AutoCloseable {
  static final Duration HEARTBEAT = Duration.ofMillis(200);
  static final Duration LEASE = Duration.ofMillis(1000);

  final Path dir;
  final EmbeddedRegistry registry;
  final AgentRuntime runtime;
  private final LocalAgents agents;

  Cluster(Path dir) {
    this.dir = dir;
    this.agents =
        new LocalAgents(
            EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db"))
                .withLease(LEASE, HEARTBEAT)
                .withLogging(false));
    this.registry = agents.registry();
    this.runtime = agents.runtime();
  }

  AgentConfig config(String name) {
    return AgentConfig.of(name, registry.url(), dir.resolve(name)).withHeartbeat(HEARTBEAT);
  }

  Agent start(String name) {
    return start(config(name));
  }

  Agent start(AgentConfig config) {
    return agents.start(config);
  }

  /** The registry's view of a peer's status, over its real HTTP API. */
  String registryStatus(String name) {
    try {
      java.net.http.HttpResponse<String> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(registry.url().resolve("/v1/peers/" + name))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 404) {
        return "unknown";
      }
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(r.body())
          .path("status")
          .asText();
    } catch (java.io.IOException e) {
      return "registry down";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  @Override
  public void close() {
    agents.close();
  }
}

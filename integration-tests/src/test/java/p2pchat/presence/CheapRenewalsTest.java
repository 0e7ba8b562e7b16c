package p2pchat.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentRuntime;
import p2pchat.discovery.EmbeddedRegistry;

/**
 * The agents of one process keep their leases by lease tokens, many renewals to a request
 * (docs/adr/0006-cheap-lease-renewals.md): after the signed registration no agent signs a heartbeat
 * while its tokens work, none is ever seen unreachable, and a crashed one is still seen unreachable
 * within the lease.
 */
class CheapRenewalsTest {
  static final Duration HEARTBEAT = Duration.ofMillis(200);
  static final Duration LEASE = Duration.ofMillis(1000);
  static final int AGENTS = 40;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  final AgentRuntime runtime = AgentRuntime.create();
  final List<Agent> agents = new ArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();
  EmbeddedRegistry registry;

  @AfterEach
  void stopAll() {
    agents.forEach(Agent::crash);
    if (registry != null) {
      registry.stop();
    }
    runtime.close();
  }

  private JsonNode get(URI base, String pathAndQuery) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve(pathAndQuery)).build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** How often the registry answered {@code metric} (a timer or meter on its admin port). */
  private long count(String metric) {
    JsonNode metrics =
        get(URI.create("http://127.0.0.1:" + registry.adminPort() + "/"), "/metrics");
    for (String kind : List.of("timers", "meters")) {
      JsonNode m = metrics.path(kind).path(metric);
      if (!m.isMissingNode()) {
        return m.path("count").asLong();
      }
    }
    return 0;
  }

  @Test
  void theAgentsOfOneProcessRenewTheirLeasesByTokensInSharedRequests() throws Exception {
    registry =
        EmbeddedRegistry.start(
            EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db"))
                .withLease(LEASE, HEARTBEAT));
    for (int i = 0; i < AGENTS; i++) {
      String name = "Bot" + i;
      agents.add(
          Agent.start(
              AgentConfig.of(name, registry.url(), dir.resolve(name)).withHeartbeat(HEARTBEAT),
              runtime));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> get(registry.url(), "/v1/peers?status=online").get("peers").size() == AGENTS);

    StatusFeed feed = new StatusFeed(path -> get(registry.url(), path));

    String signed = "p2pchat.discovery.resources.PresenceResource.heartbeat";
    String requests = "p2pchat.discovery.resources.LeasesResource.renew";
    String renewals = "p2pchat.registry.renewals";
    long signedBefore = count(signed);
    long requestsBefore = count(requests);
    long renewalsBefore = count(renewals);
    // Three leases' worth of renewals: about 15 per agent at a 200 ms heartbeat.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> count(renewals) - renewalsBefore >= AGENTS * 15L);
    List<String> seen = feed.stop();

    long byToken = count(renewals) - renewalsBefore;
    assertThat(seen)
        .as("no agent was ever seen unreachable")
        .noneMatch(s -> s.endsWith(":unreachable"));
    assertThat(count(signed) - signedBefore)
        .as("signed heartbeats while tokens worked")
        .isLessThan(AGENTS / 4);
    assertThat(count(requests) - requestsBefore)
        .as("requests for %d renewals", byToken)
        .isLessThan(byToken / 4);

    // A crashed agent renews nothing more: the lease runs out within its length.
    LeaseRunsOut.afterCrash(
        agents.get(7),
        LEASE,
        () -> get(registry.url(), "/v1/peers/Bot7").path("status").asText().equals("unreachable"));
    assertThat(get(registry.url(), "/v1/peers?status=online").get("peers").size())
        .isEqualTo(AGENTS - 1);
  }
}

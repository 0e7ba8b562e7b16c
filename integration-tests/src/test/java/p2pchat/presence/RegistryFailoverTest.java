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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentRuntime;
import p2pchat.agent.Message;
import p2pchat.discovery.EmbeddedRegistry;
import p2pchat.discovery.LocalPostgres;

/**
 * Agents given three registry instances on one PostgreSQL: when the instance they use dies under
 * traffic, they move to another before their lease runs out. No online agent is ever seen
 * unreachable, every message arrives once and in order, and a crashed agent is still seen
 * unreachable within the lease through the survivors.
 */
class RegistryFailoverTest {
  static final Duration HEARTBEAT = Duration.ofMillis(200);
  static final Duration LEASE = Duration.ofMillis(1000);
  static final ObjectMapper JSON = new ObjectMapper();
  static LocalPostgres postgres;

  @TempDir Path dir;
  final List<EmbeddedRegistry> registries = new ArrayList<>();
  final AgentRuntime runtime = AgentRuntime.create();
  final List<Agent> agents = new ArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startPostgres() {
    postgres = LocalPostgres.start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @BeforeEach
  void startRegistries() {
    String database = postgres.createDatabase();
    for (int i = 0; i < 3; i++) {
      registries.add(
          EmbeddedRegistry.start(
              EmbeddedRegistry.Settings.onFile(dir.resolve("unused"))
                  .withDatabase(database)
                  .withLease(LEASE, HEARTBEAT)));
    }
  }

  @AfterEach
  void stopAll() {
    agents.forEach(Agent::crash);
    registries.forEach(EmbeddedRegistry::stop);
    runtime.close();
  }

  private Agent start(String name, int... order) {
    List<URI> urls = new ArrayList<>();
    for (int i : order) {
      urls.add(registries.get(i).url());
    }
    Agent agent =
        Agent.start(
            AgentConfig.of(name, urls.get(0), dir.resolve(name))
                .withDiscovery(urls)
                .withHeartbeat(HEARTBEAT),
            runtime);
    agents.add(agent);
    return agent;
  }

  private JsonNode get(EmbeddedRegistry through, String pathAndQuery) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(through.url().resolve(pathAndQuery)).build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String status(EmbeddedRegistry through, String name) {
    return get(through, "/v1/peers/" + name).path("status").asText();
  }

  @Test
  void killingTheInstanceAgentsUseMakesNoOnlineAgentUnreachableAndLosesNoMessage()
      throws Exception {
    Agent sam = start("Sam", 0, 1, 2);
    Agent carol = start("Carol", 0, 2, 1);
    Agent dana = start("Dana", 1, 0, 2);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                List.of("Sam", "Carol", "Dana").stream()
                        .allMatch(n -> status(registries.get(2), n).equals("online"))
                    && sam.isOnline("Carol"));

    // Follow the feed on a survivor: every status any peer takes from here on.
    StatusFeed feed = new StatusFeed(path -> get(registries.get(2), path));

    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      texts.add("msg " + i);
    }
    CompletableFuture<Void> traffic =
        CompletableFuture.runAsync(
            () -> {
              for (String t : texts) {
                sam.send("Carol", t).join();
              }
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> carol.history("Sam").size() >= 50);
    registries.get(0).stop(); // the instance Sam and Carol use
    traffic.get(30, java.util.concurrent.TimeUnit.SECONDS);

    await().atMost(Duration.ofSeconds(20)).until(() -> carol.history("Sam").size() >= texts.size());
    // Longer than a lease after the kill: had a lease lapsed, the reaper would have shown it.
    await().pollDelay(LEASE.multipliedBy(3)).until(() -> true);
    List<String> seen = feed.stop();

    assertThat(seen)
        .as("no online agent was ever seen unreachable")
        .noneMatch(s -> s.endsWith(":unreachable"));
    assertThat(carol.history("Sam")).extracting(Message::text).containsExactlyElementsOf(texts);
    for (String name : List.of("Sam", "Carol", "Dana")) {
      assertThat(status(registries.get(1), name)).isEqualTo("online");
    }

    // A crashed agent is still found out, through the survivors, within the lease.
    LeaseRunsOut.afterCrash(
        dana,
        LEASE,
        () ->
            status(registries.get(1), "Dana").equals("unreachable")
                && status(registries.get(2), "Dana").equals("unreachable"));
  }
}

package p2pchat.agent.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import p2pchat.agent.identity.Identity;

/**
 * The presence loops against an in-memory stand-in of the registry contract (FakeRegistry): the
 * end-to-end tests against the real registry live in integration-tests (p2pchat.presence).
 */
class PresenceLoopsTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "presence-test-timer"));
  private final List<Presence> started = new ArrayList<>();
  private FakeRegistry registry;

  @BeforeEach
  void startRegistry() throws Exception {
    registry = new FakeRegistry().start();
  }

  @AfterEach
  void stopAll() {
    started.forEach(Presence::abort);
    registry.close();
    scheduler.shutdownNow();
  }

  /** Records what the listener is told. */
  static final class Seen implements PresenceListener {
    final List<String> changes = new CopyOnWriteArrayList<>();
    final List<Boolean> reachable = new CopyOnWriteArrayList<>();
    final List<String> mdcAgents = new CopyOnWriteArrayList<>();

    @Override
    public void peerChanged(RegistryPeer before, RegistryPeer now) {
      mdcAgents.add(String.valueOf(MDC.get("agent")));
      changes.add(
          now.name() + ":" + (before == null ? "-" : before.status()) + "->" + now.status());
    }

    @Override
    public void registryReachable(boolean up) {
      reachable.add(up);
    }
  }

  private PresenceConfig config() {
    return PresenceConfig.defaults(registry.uri())
        .withHeartbeat(Duration.ofMillis(100))
        .withLongPollWait(Duration.ofSeconds(5))
        .withRetry(Duration.ofMillis(20), Duration.ofMillis(200))
        .withRequestTimeout(Duration.ofSeconds(1));
  }

  private Presence presence(String name, Identity identity, PresenceListener listener) {
    Presence p = new Presence(config(), name, identity, http, scheduler, listener);
    started.add(p);
    return p;
  }

  @Test
  void registersHeartbeatsAndSeesAnotherPeerComeOnline() throws Exception {
    Seen samSees = new Seen();
    Presence sam = presence("Sam", Identity.generate(), samSees);
    sam.start("127.0.0.1", 7001).get(5, TimeUnit.SECONDS);
    await().until(sam::synced);

    Presence carol = presence("Carol", Identity.generate(), new Seen());
    carol.start("127.0.0.1", 7002).get(5, TimeUnit.SECONDS);

    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> sam.peer("Carol").map(p -> p.online()).orElse(false));
    assertThat(samSees.changes).contains("Carol:-->online");
    assertThat(sam.registryReachable()).isTrue();
    assertThat(sam.epoch()).isEqualTo(1);
    await()
        .until(
            () ->
                registry.requests().stream()
                        .filter(r -> r.equals("PUT /v1/peers/Sam/presence"))
                        .count()
                    >= 3);
    assertThat(sam.peers()).extracting(p -> p.name()).containsExactly("Carol", "Sam");
    assertThat(samSees.mdcAgents)
        .as("listener calls carry the agent in the MDC")
        .containsOnly("Sam");
  }

  @Test
  void aNameHeldByAnotherKeyFailsStartWithOneLine() {
    registry.occupy("Sam", Identity.generate().publicKeyBase64());
    CompletableFuture<Void> start =
        presence("Sam", Identity.generate(), new Seen()).start("127.0.0.1", 7001);

    assertThatThrownBy(() -> start.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(PresenceException.class)
        .hasMessage(
            "the name Sam is registered to another key at "
                + registry.uri()
                + "; choose another name or run with the data directory that holds its key");
  }

  @Test
  void closeSaysAwayAndAbortSaysNothing() throws Exception {
    Presence sam = presence("Sam", Identity.generate(), new Seen());
    sam.start("127.0.0.1", 7001).get(5, TimeUnit.SECONDS);
    Presence carol = presence("Carol", Identity.generate(), new Seen());
    carol.start("127.0.0.1", 7002).get(5, TimeUnit.SECONDS);

    sam.close();
    carol.abort();

    assertThat(registry.status("Sam")).isEqualTo("away");
    assertThat(registry.status("Carol")).isEqualTo("online");
    assertThat(registry.requests()).doesNotContain("DELETE /v1/peers/Carol/presence");
  }

  @Test
  void aRegistryThatForgetsEverythingIsRegisteredWithAgainAndWatchedAfresh() throws Exception {
    Seen seen = new Seen();
    Presence sam = presence("Sam", Identity.generate(), seen);
    sam.start("127.0.0.1", 7001).get(5, TimeUnit.SECONDS);
    Presence carol = presence("Carol", Identity.generate(), new Seen());
    carol.start("127.0.0.1", 7002).get(5, TimeUnit.SECONDS);
    await().until(() -> sam.peer("Carol").isPresent());

    registry.stop(true);
    await().atMost(Duration.ofSeconds(3)).until(() -> !sam.registryReachable());
    assertThat(sam.peer("Carol")).as("the cache keeps working").isPresent();
    assertThat(sam.lookup("Carol").get(1, TimeUnit.SECONDS)).isPresent();
    registry.start();

    await().atMost(Duration.ofSeconds(3)).until(sam::registryReachable);
    await()
        .atMost(Duration.ofSeconds(3))
        .until(
            () ->
                "online".equals(registry.status("Sam"))
                    && "online".equals(registry.status("Carol")));
    assertThat(seen.reachable).containsSubsequence(true, false, true);
  }

  @Test
  void lookupAsksTheRegistryForAnUnknownNameAndCachesTheAnswer() throws Exception {
    Presence carol = presence("Carol", Identity.generate(), new Seen());
    carol.start("127.0.0.1", 7002).get(5, TimeUnit.SECONDS);
    Presence sam = new Presence(config(), "Sam", Identity.generate(), http, scheduler, new Seen());

    Optional<RegistryPeer> found = sam.lookup("Carol").get(2, TimeUnit.SECONDS);
    Optional<RegistryPeer> missing = sam.lookup("Nobody").get(2, TimeUnit.SECONDS);

    assertThat(found).map(RegistryPeer::port).contains(7002);
    assertThat(missing).isEmpty();
    assertThat(sam.peer("Carol")).isPresent();
  }

  @Test
  void seededPeersAreKnownBeforeTheRegistryAnswers() {
    registry.stop(true);
    RegistryPeer carol =
        new RegistryPeer(
            "Carol", Identity.generate().publicKeyBase64(), "127.0.0.1", 7002, "online", 1L, 4);
    Presence sam =
        new Presence(
            config(), "Sam", Identity.generate(), http, scheduler, new Seen(), List.of(carol));
    started.add(sam);

    CompletableFuture<Void> start = sam.start("127.0.0.1", 7001);

    assertThat(sam.record("Carol")).contains(carol);
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> !sam.registryReachable() && registry.requests().isEmpty());
    assertThat(start).isNotDone();
  }
}

package p2pchat.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.presence.Presence;
import p2pchat.agent.presence.PresenceConfig;
import p2pchat.agent.presence.PresenceException;
import p2pchat.agent.presence.RegistryPeer;
import p2pchat.agent.presence.RequestSigner;
import p2pchat.discovery.EmbeddedRegistry;

/**
 * The agent's registry client against the real registry over real HTTP on 127.0.0.1, with a real
 * SQLite file and short leases: registration seen by watchers, a name held by another key, a
 * registry outage, a graceful stop, a crash and a zombie session.
 */
class PresenceEndToEndTest {
  static final Duration LEASE = Duration.ofMillis(1000);
  static final Duration HEARTBEAT = Duration.ofMillis(200);

  @TempDir Path dir;
  PresenceRig rig;

  @BeforeEach
  void startRegistry() {
    rig =
        new PresenceRig(
            "presence-e2e-timer",
            EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db"))
                .withLease(LEASE, Duration.ofMillis(100)));
  }

  @AfterEach
  void stopEverything() {
    rig.close();
  }

  EmbeddedRegistry registry() {
    return rig.registry();
  }

  PresenceConfig config() {
    return PresenceConfig.defaults(registry().url())
        .withHeartbeat(HEARTBEAT)
        .withLongPollWait(Duration.ofSeconds(5))
        .withRetry(Duration.ofMillis(50), Duration.ofMillis(500))
        .withRequestTimeout(Duration.ofSeconds(2));
  }

  Presence presence(String name, Identity identity, PresenceEvents events) {
    return rig.presence(config(), name, identity, events);
  }

  Presence started(String name, int port, PresenceEvents events) throws Exception {
    Presence p = presence(name, Identity.generate(), events);
    p.start("127.0.0.1", port).get(5, TimeUnit.SECONDS);
    await().until(p::synced);
    return p;
  }

  /** What the registry itself says about {@code name} right now. */
  String registryStatus(String name) throws Exception {
    HttpResponse<String> r =
        rig.http.send(
            HttpRequest.newBuilder(URI.create(registry().url() + "/v1/peers/" + name)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404) {
      return "unknown";
    }
    return r.body().replaceAll(".*\"status\"\\s*:\\s*\"([a-z]+)\".*", "$1");
  }

  /** Within 5 s the registry has Sam and Carol online again, and {@code also} holds with it. */
  void awaitSamAndCarolOnlineAnd(ThrowingRunnable also) {
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(registryStatus("Sam")).isEqualTo("online");
              assertThat(registryStatus("Carol")).isEqualTo("online");
              also.run();
            });
  }

  @Test
  void aNameHeldByAnotherKeyFailsStartWithOneLine() throws Exception {
    started("Sam", 7001, new PresenceEvents());

    CompletableFuture<Void> impostor =
        presence("Sam", Identity.generate(), new PresenceEvents()).start("127.0.0.1", 7666);

    assertThatThrownBy(() -> impostor.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(PresenceException.class)
        .hasMessage(
            "the name Sam is registered to another key at "
                + registry().url()
                + "; choose another name or run with the data directory that holds its key")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(registryStatus("Sam")).isEqualTo("online");
  }

  @Test
  void aRegistryStoppedForSecondsIsSurvivedAndEveryoneComesBack() throws Exception {
    PresenceEvents samSees = new PresenceEvents();
    Presence sam = started("Sam", 7001, samSees);
    Presence carol = started("Carol", 7002, new PresenceEvents());
    Presence dave = started("Dave", 7003, new PresenceEvents());
    await().until(() -> sam.peers().size() == 3);

    rig.stopRegistry();
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> !sam.registryReachable() && !carol.registryReachable());
    dave.abort(); // dies while nobody can tell
    assertThat(sam.peer("Carol")).as("the cache serves while the registry is down").isPresent();
    assertThat(sam.lookup("Carol").get(1, TimeUnit.SECONDS)).map(RegistryPeer::port).contains(7002);
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    registry().start();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sam.registryReachable() && carol.registryReachable());
    awaitSamAndCarolOnlineAnd(
        () -> assertThat(sam.peer("Dave").map(p -> p.status())).contains("unreachable"));
    started("Erin", 7005, new PresenceEvents());
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> sam.peer("Erin").map(p -> p.online()).orElse(false));
    assertThat(samSees.reachable()).containsSubsequence(true, false, true);
    assertThat(samSees.failures()).isEmpty();
  }

  @Test
  void aRegistryThatLostItsDatabaseIsRegisteredWithAgain() throws Exception {
    rig.replaceRegistry(
        EmbeddedRegistry.Settings.inMemory().withLease(LEASE, Duration.ofMillis(100)));
    Presence sam = started("Sam", 7001, new PresenceEvents());
    Presence carol = started("Carol", 7002, new PresenceEvents());
    long firstEpoch = sam.epoch();

    rig.stopRegistry();
    registry().start(); // same port, empty database, version back to the start

    awaitSamAndCarolOnlineAnd(
        () -> assertThat(sam.peer("Carol").map(p -> p.online())).contains(true));
    assertThat(sam.epoch()).isGreaterThanOrEqualTo(firstEpoch);
    assertThat(carol.registryReachable()).isTrue();
  }

  @Test
  void aGracefulCloseShowsAwayAtOnce() throws Exception {
    PresenceEvents carolSees = new PresenceEvents();
    started("Carol", 7002, carolSees);
    Presence sam = started("Sam", 7001, new PresenceEvents());

    sam.close();

    assertThat(registryStatus("Sam")).isEqualTo("away");
    await().atMost(Duration.ofSeconds(1)).until(() -> carolSees.firstNanos("Sam", "away") != null);
  }

  @Test
  void aCrashShowsUnreachableOnceTheLeaseRunsOut() throws Exception {
    PresenceEvents carolSees = new PresenceEvents();
    started("Carol", 7002, carolSees);
    Presence sam = started("Sam", 7001, new PresenceEvents());
    await().pollDelay(LEASE.multipliedBy(2)).until(() -> true);
    assertThat(registryStatus("Sam")).as("heartbeats keep the lease").isEqualTo("online");

    long crashed = System.nanoTime();
    sam.abort();

    await()
        .atMost(LEASE.plusSeconds(1))
        .until(() -> carolSees.firstNanos("Sam", "unreachable") != null);
    assertThat(registryStatus("Sam")).isEqualTo("unreachable");
    assertThat(carolSees.firstNanos("Sam", "unreachable") - crashed)
        .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(LEASE.toMillis() - HEARTBEAT.toMillis() - 50));
  }

  @Test
  void aZombieSessionRegistersAgainWithANewerEpoch() throws Exception {
    Identity identity = Identity.generate();
    Presence sam = presence("Sam", identity, new PresenceEvents());
    sam.start("127.0.0.1", 7001).get(5, TimeUnit.SECONDS);
    long first = sam.epoch();

    // Another session of the same key registers: Sam's epoch is now stale.
    byte[] body =
        ("{\"name\":\"Sam\",\"publicKey\":\""
                + identity.publicKeyBase64()
                + "\",\"host\":\"127.0.0.1\",\"port\":7009}")
            .getBytes(StandardCharsets.UTF_8);
    RequestSigner.Signed signed =
        new RequestSigner(identity, () -> System.currentTimeMillis() + 50)
            .sign("POST", "/v1/peers", body);
    HttpResponse<String> other =
        rig.http.send(
            HttpRequest.newBuilder(URI.create(registry().url() + "/v1/peers"))
                .header("Content-Type", "application/json")
                .header(RequestSigner.TIMESTAMP_HEADER, Long.toString(signed.timestamp()))
                .header(RequestSigner.SIGNATURE_HEADER, signed.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(3)).until(() -> sam.epoch() > first + 1);
    Presence observer = presence("Observer", Identity.generate(), new PresenceEvents());
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(observer.fetch("Sam").get(1, TimeUnit.SECONDS))
                    .map(RegistryPeer::port)
                    .contains(7001));
  }

  @Test
  void lookupFindsAPeerBeforeTheWatchHasAndSaysEmptyForAnUnknownName() throws Exception {
    started("Carol", 7002, new PresenceEvents());
    Presence sam =
        presence("Sam", Identity.generate(), new PresenceEvents()); // not started: no watch

    assertThat(sam.lookup("Carol").get(2, TimeUnit.SECONDS)).map(RegistryPeer::port).contains(7002);
    assertThat(sam.lookup("Nobody").get(2, TimeUnit.SECONDS)).isEqualTo(Optional.empty());
  }
}

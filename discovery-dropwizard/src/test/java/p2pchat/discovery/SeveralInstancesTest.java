package p2pchat.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Three registry instances on one PostgreSQL database, all equal: any answers any call. */
class SeveralInstancesTest {
  static final Duration LEASE = Duration.ofMillis(800);
  static final Duration HEARTBEAT = Duration.ofMillis(250);

  @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

  final List<EmbeddedRegistry> instances = new ArrayList<>();
  final List<TestClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    String database = PG.newDatabase();
    for (int i = 0; i < 3; i++) {
      EmbeddedRegistry r =
          EmbeddedRegistry.start(
              EmbeddedRegistry.Settings.onFile(java.nio.file.Path.of("unused"))
                  .withDatabase(database)
                  .withLease(LEASE, HEARTBEAT));
      instances.add(r);
      clients.add(new TestClient(r.url()));
    }
  }

  @AfterEach
  void stop() {
    instances.forEach(EmbeddedRegistry::stop);
  }

  private long version(int instance) {
    return clients.get(instance).get("/v1/peers").json().get("version").asLong();
  }

  @Test
  void aChangeThroughOneInstanceWakesLongPollsOnTheOthersWithin100ms() throws Exception {
    long since = version(0);
    CompletableFuture<JsonNode> onSecond = clients.get(1).changes(since, "10s");
    CompletableFuture<JsonNode> onThird = clients.get(2).changes(since, "10s");
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !onSecond.isDone() && !onThird.isDone());

    clients.get(0).register(new TestPeer("Sam"), 7001);
    long registeredAt = System.nanoTime();
    JsonNode second = onSecond.get(5, TimeUnit.SECONDS);
    JsonNode third = onThird.get(5, TimeUnit.SECONDS);
    long lateMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - registeredAt);

    assertThat(lateMillis).as("NOTIFY wakes them, not the 200 ms poll").isLessThan(100);
    for (JsonNode answer : List.of(second, third)) {
      assertThat(answer.get("changes"))
          .extracting(p -> p.get("name").asText())
          .containsExactly("Sam");
    }
  }

  @Test
  void aPeerRegisteredThroughOneIsOnlineOnAllAndItsHeartbeatsMayGoToAnyOther() {
    TestPeer sam = new TestPeer("Sam");
    long epoch = clients.get(0).register(sam, 7001);
    for (TestClient c : clients) {
      assertThat(c.status("Sam")).isEqualTo("online");
    }
    for (int i = 0; i < 6; i++) {
      assertThat(clients.get(i % 3).heartbeat(sam, 7001, epoch).status()).isEqualTo(200);
    }
    // A replayed request stays refused on every instance: the guard is in the database.
    long ts = sam.nextTimestamp();
    String body = TestPeer.heartbeat(7001, epoch);
    String sig = sam.sign("PUT", "/v1/peers/Sam/presence", ts, body);
    assertThat(
            clients.get(1).signedAt(sam, "PUT", "/v1/peers/Sam/presence", body, ts, sig).status())
        .isEqualTo(200);
    assertThat(
            clients.get(2).signedAt(sam, "PUT", "/v1/peers/Sam/presence", body, ts, sig).status())
        .isEqualTo(401);
  }

  @Test
  void aLeaseExpiresOnceThoughEveryInstanceRunsTheReaper() {
    TestPeer sam = new TestPeer("Sam");
    clients.get(1).register(sam, 7001);
    long registered = version(0);

    await()
        .atMost(LEASE.plusSeconds(2))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> clients.get(2).status("Sam").equals("unreachable"));
    await()
        .during(Duration.ofMillis(600))
        .atMost(Duration.ofSeconds(3))
        .until(
            () ->
                version(0) == registered + 1
                    && version(1) == registered + 1
                    && version(2) == registered + 1);
  }

  @Test
  void aReaderFollowingTheFeedOnOneInstanceMissesNoChangeMadeConcurrentlyThroughAll()
      throws Exception {
    int peers = 90;
    Set<String> seen = ConcurrentHashMap.newKeySet();
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(
            () -> {
              long since = 0;
              while (seen.size() < peers) {
                JsonNode answer = clients.get(0).changes(since, "2s").join();
                answer.get("changes").forEach(p -> seen.add(p.get("name").asText()));
                since = answer.get("version").asLong();
              }
            });
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<Long>> writes = new ArrayList<>();
      for (int i = 0; i < peers; i++) {
        TestPeer peer = new TestPeer("peer" + i);
        TestClient through = clients.get(i % 3);
        writes.add(pool.submit(() -> through.register(peer, 7100)));
      }
      for (Future<Long> w : writes) {
        w.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdown();
    }
    reader.get(20, TimeUnit.SECONDS);
    assertThat(seen).hasSize(peers);
  }
}

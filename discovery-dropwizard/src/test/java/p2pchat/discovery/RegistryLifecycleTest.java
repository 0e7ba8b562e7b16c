package p2pchat.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The presence lifecycle over real HTTP against an in-process registry on a real SQLite file. */
class RegistryLifecycleTest extends RegistryPerTest {

  @Test
  void aPeerGoesOnlineUnreachableOnlineAwayAndIsDeleted() {
    TestPeer sam = new TestPeer("Sam");
    TestClient.Answer registered = client.signed(sam, "POST", "/v1/peers", sam.registration(7001));
    assertThat(registered.status()).isEqualTo(201);
    long epoch = registered.json().get("epoch").asLong();

    TestClient.Answer beat = client.heartbeat(sam, 7001, epoch);
    assertThat(beat.status()).isEqualTo(200);
    assertThat(beat.json().get("leaseMillis").asLong()).isEqualTo(LEASE.toMillis());
    assertThat(beat.json().get("epoch").asLong()).isEqualTo(epoch);
    TestClient.Answer online = client.get("/v1/peers/Sam");
    assertThat(online.json().get("status").asText()).isEqualTo("online");
    assertThat(online.json().get("publicKey").asText()).isEqualTo(sam.publicKey());
    assertThat(online.json().get("port").asInt()).isEqualTo(7001);
    long firstSeen = online.json().get("lastSeen").asLong();

    // Heartbeats stop: the lease runs out by itself, no request needed.
    await()
        .atMost(LEASE.plusSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> client.status("Sam").equals("unreachable"));

    assertThat(client.heartbeat(sam, 7002, epoch).status()).isEqualTo(200);
    TestClient.Answer back = client.get("/v1/peers/Sam");
    assertThat(back.json().get("status").asText()).isEqualTo("online");
    assertThat(back.json().get("port").asInt()).isEqualTo(7002);
    assertThat(back.json().get("lastSeen").asLong()).isGreaterThan(firstSeen);

    assertThat(client.signed(sam, "DELETE", "/v1/peers/Sam/presence", "").status()).isEqualTo(204);
    assertThat(client.status("Sam")).isEqualTo("away");

    assertThat(client.signed(sam, "DELETE", "/v1/peers/Sam", "").status()).isEqualTo(204);
    assertThat(client.get("/v1/peers/Sam").status()).isEqualTo(404);
    assertThat(client.get("/v1/peers").json().get("peers")).isEmpty();
  }

  @Test
  void aHeartbeatFromAnOlderEpochCannotOverwriteTheNewerSession() {
    TestPeer sam = new TestPeer("Sam");
    long oldEpoch = client.register(sam, 7001);
    long newEpoch = client.register(sam, 7002);
    assertThat(newEpoch).isGreaterThan(oldEpoch);

    TestClient.Answer zombie = client.heartbeat(sam, 7001, oldEpoch);
    assertThat(zombie.status()).isEqualTo(409);
    assertThat(zombie.message()).contains("stale epoch");
    assertThat(client.get("/v1/peers/Sam").json().get("port").asInt()).isEqualTo(7002);
    assertThat(client.heartbeat(sam, 7002, newEpoch).status()).isEqualTo(200);
  }

  @Test
  void registeringAgainWithTheSameKeyAnswers200AndAnotherKeyIsRefused() {
    TestPeer sam = new TestPeer("Sam");
    assertThat(client.signed(sam, "POST", "/v1/peers", sam.registration(7001)).status())
        .isEqualTo(201);
    assertThat(client.signed(sam, "POST", "/v1/peers", sam.registration(7001)).status())
        .isEqualTo(200);

    TestPeer impostor = new TestPeer("Sam");
    TestClient.Answer taken =
        client.signed(impostor, "POST", "/v1/peers", impostor.registration(7009));
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.json().get("code").asInt()).isEqualTo(409);
    assertThat(client.get("/v1/peers/Sam").json().get("publicKey").asText())
        .isEqualTo(sam.publicKey());
  }

  @Test
  void aDeletedNameCanBeTakenByANewKey() {
    TestPeer sam = new TestPeer("Sam");
    client.register(sam, 7001);
    client.signed(sam, "DELETE", "/v1/peers/Sam", "");

    TestPeer newSam = new TestPeer("Sam");
    assertThat(client.signed(newSam, "POST", "/v1/peers", newSam.registration(7003)).status())
        .isEqualTo(201);
    assertThat(client.get("/v1/peers/Sam").json().get("publicKey").asText())
        .isEqualTo(newSam.publicKey());
  }

  @Test
  void peersAndKeysSurviveARestartOnTheSameDatabaseFile() {
    TestPeer sam = new TestPeer("Sam");
    TestPeer carol = new TestPeer("Carol");
    long samEpoch = client.register(sam, 7001);
    client.register(carol, 7002);
    int port = registry.port();

    registry.stop();
    registry.start();

    assertThat(registry.port()).isEqualTo(port);
    TestClient.Answer list = client.get("/v1/peers");
    assertThat(list.json().get("peers"))
        .extracting(p -> p.get("name").asText())
        .containsExactly("Carol", "Sam");
    assertThat(client.get("/v1/peers/Sam").json().get("publicKey").asText())
        .isEqualTo(sam.publicKey());
    assertThat(client.heartbeat(sam, 7001, samEpoch).status()).isEqualTo(200);
    TestPeer impostor = new TestPeer("Sam");
    assertThat(client.signed(impostor, "POST", "/v1/peers", impostor.registration(7001)).status())
        .isEqualTo(409);
  }

  @Test
  void theListFiltersByStatusAndByNameFragment() {
    TestPeer sam = new TestPeer("Sam");
    TestPeer samantha = new TestPeer("Samantha");
    TestPeer carol = new TestPeer("Carol");
    client.register(sam, 7001);
    client.register(samantha, 7002);
    client.register(carol, 7003);
    client.signed(carol, "DELETE", "/v1/peers/Carol/presence", "");

    assertThat(client.get("/v1/peers?status=away").json().get("peers"))
        .extracting(p -> p.get("name").asText())
        .containsExactly("Carol");
    assertThat(client.get("/v1/peers?q=sam").json().get("peers"))
        .extracting(p -> p.get("name").asText())
        .containsExactly("Sam", "Samantha");
    assertThat(client.get("/v1/peers?status=online&q=tha").json().get("peers"))
        .extracting(p -> p.get("name").asText())
        .containsExactly("Samantha");
    assertThat(client.get("/v1/peers").json().get("version").asLong()).isPositive();
    assertThat(client.get("/v1/peers?status=sleeping").status()).isEqualTo(422);
  }

  @Test
  void aLookupAnswersExactlyThePeerTheListShows() {
    TestPeer sam = new TestPeer("Sam");
    long epoch = client.register(sam, 7001);
    TestClient.Answer one = client.get("/v1/peers/Sam");
    com.fasterxml.jackson.databind.node.ObjectNode listed =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            client.get("/v1/peers").json().get("peers").get(0);
    listed.set("status", one.json().get("status")); // the short lease may run out in between
    assertThat(one.json()).isEqualTo(listed);
    assertThat(one.json().fieldNames())
        .toIterable()
        .containsExactly("name", "publicKey", "host", "port", "status", "lastSeen", "epoch");
    assertThat(one.json().get("epoch").asLong()).isEqualTo(epoch);
  }

  @Test
  void concurrentWritesAreEachCommittedOnceAndRefusedOnesLeaveNoTrace() throws Exception {
    registry.stop(); // a long lease here: no expiry may take a version meanwhile
    registry =
        EmbeddedRegistry.start(
            backend("long-lease.db").withLease(Duration.ofMinutes(5), Duration.ofSeconds(1)));
    client = new TestClient(registry.url());
    TestPeer sam = new TestPeer("Sam");
    client.register(sam, 7001);
    long before = client.get("/v1/peers").json().get("version").asLong();
    java.util.List<java.util.concurrent.Callable<Integer>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      TestPeer peer = new TestPeer("peer" + i);
      TestPeer impostor = new TestPeer("Sam");
      calls.add(() -> client.signed(peer, "POST", "/v1/peers", peer.registration(7100)).status());
      calls.add(
          () -> client.signed(impostor, "POST", "/v1/peers", impostor.registration(6666)).status());
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      java.util.List<Integer> statuses = new java.util.ArrayList<>();
      for (var f : pool.invokeAll(calls)) {
        statuses.add(f.get());
      }
      assertThat(statuses).filteredOn(s -> s == 201).hasSize(30);
      assertThat(statuses).filteredOn(s -> s == 409).hasSize(30);
    } finally {
      pool.shutdown();
    }
    TestClient.Answer list = client.get("/v1/peers");
    assertThat(list.json().get("peers")).hasSize(31);
    assertThat(list.json().get("version").asLong()).isEqualTo(before + 30);
    assertThat(client.get("/v1/peers/Sam").json().get("port").asInt()).isEqualTo(7001);
  }

  @Test
  void aRegistryCanRunInMemory() {
    try (EmbeddedRegistry memory = EmbeddedRegistry.start(EmbeddedRegistry.Settings.inMemory())) {
      TestClient c = new TestClient(memory.url());
      c.register(new TestPeer("Sam"), 7001);
      assertThat(c.status("Sam")).isEqualTo("online");
    }
  }

  /** {@code POST /v1/leases} with one renewal each for the given name, epoch, token triples. */
  private TestClient.Answer renew(Object... nameEpochToken) {
    StringBuilder body = new StringBuilder("{\"renewals\":[");
    for (int i = 0; i < nameEpochToken.length; i += 3) {
      body.append(i == 0 ? "" : ",")
          .append("{\"name\":\"")
          .append(nameEpochToken[i])
          .append("\",\"epoch\":")
          .append(nameEpochToken[i + 1])
          .append(",\"leaseToken\":\"")
          .append(nameEpochToken[i + 2])
          .append("\"}");
    }
    return client.raw("POST", "/v1/leases", body.append("]}").toString());
  }

  @Test
  void aLeaseTokenRenewsOnceAndEachRenewalIssuesTheNextToken() {
    TestPeer sam = new TestPeer("Sam");
    TestClient.Answer registered = client.signed(sam, "POST", "/v1/peers", sam.registration(7001));
    long epoch = registered.json().get("epoch").asLong();
    String token = registered.json().get("leaseToken").asText();
    assertThat(token).hasSizeGreaterThanOrEqualTo(22);

    // Renewed by tokens alone for three lease lengths: the peer never turns unreachable.
    long until = System.nanoTime() + 3 * LEASE.toNanos();
    String first = token;
    while (System.nanoTime() < until) {
      TestClient.Answer renewed = renew("Sam", epoch, token);
      assertThat(renewed.status()).isEqualTo(200);
      assertThat(renewed.json().get("leaseMillis").asLong()).isEqualTo(LEASE.toMillis());
      JsonNode result = renewed.json().get("renewals").get(0);
      assertThat(result.get("name").asText()).isEqualTo("Sam");
      String next = result.get("leaseToken").asText();
      assertThat(next).isNotEqualTo(token);
      token = next;
      assertThat(client.status("Sam")).isEqualTo("online");
      // Back to back, no pause: the lease (600 ms) must only outlast two requests, also on a
      // loaded machine (a pause of a heartbeat here once let it lapse under a full build).
    }

    // A replayed renewal presents a used token: refused, so a replayer cannot keep a lease alive.
    JsonNode replay = renew("Sam", epoch, first).json().get("renewals").get(0);
    assertThat(replay.get("code").asInt()).isEqualTo(401);
    assertThat(replay.get("message").asText())
        .contains("used or unknown")
        .contains("signed heartbeat");
    assertThat(replay.has("leaseToken")).isFalse();

    // A signed heartbeat issues a fresh token, and the one before it is void.
    TestClient.Answer beat = client.heartbeat(sam, 7001, epoch);
    String fromBeat = beat.json().get("leaseToken").asText();
    assertThat(renew("Sam", epoch, token).json().get("renewals").get(0).get("code").asInt())
        .isEqualTo(401);
    assertThat(renew("Sam", epoch, fromBeat).json().get("renewals").get(0).has("leaseToken"))
        .isTrue();
  }

  @Test
  void aTokenRenewsOnlyTheSessionThatIssuedItWhileItsLeaseRuns() {
    TestPeer sam = new TestPeer("Sam");
    TestClient.Answer old = client.signed(sam, "POST", "/v1/peers", sam.registration(7001));
    long oldEpoch = old.json().get("epoch").asLong();
    TestClient.Answer now = client.signed(sam, "POST", "/v1/peers", sam.registration(7002));
    long epoch = now.json().get("epoch").asLong();

    JsonNode zombie =
        renew("Sam", oldEpoch, old.json().get("leaseToken").asText()).json().get("renewals").get(0);
    assertThat(zombie.get("code").asInt()).isEqualTo(409);
    assertThat(zombie.get("message").asText()).contains("register again");

    // Away ends the lease: its token renews nothing.
    String token = now.json().get("leaseToken").asText();
    client.signed(sam, "DELETE", "/v1/peers/Sam/presence", "");
    JsonNode away = renew("Sam", epoch, token).json().get("renewals").get(0);
    assertThat(away.get("code").asInt()).isEqualTo(409);
    assertThat(client.status("Sam")).isEqualTo("away");

    // A lease that ran out is not brought back by a token: that takes a signed heartbeat.
    String fresh = client.heartbeat(sam, 7002, epoch).json().get("leaseToken").asText();
    await()
        .atMost(LEASE.plusSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> client.status("Sam").equals("unreachable"));
    JsonNode lapsed = renew("Sam", epoch, fresh).json().get("renewals").get(0);
    assertThat(lapsed.get("code").asInt()).isEqualTo(409);
    assertThat(lapsed.get("message").asText()).contains("is over").contains("signed heartbeat");
    assertThat(client.status("Sam")).isEqualTo("unreachable");
  }

  @Test
  void aBatchAnswersEachRenewalOnItsOwnInTheOrderAsked() {
    TestPeer sam = new TestPeer("Sam");
    TestPeer ann = new TestPeer("Ann");
    TestClient.Answer s = client.signed(sam, "POST", "/v1/peers", sam.registration(7001));
    TestClient.Answer a = client.signed(ann, "POST", "/v1/peers", ann.registration(7002));

    TestClient.Answer batch =
        renew(
            "Sam",
            s.json().get("epoch").asLong(),
            s.json().get("leaseToken").asText(),
            "Nobody",
            1,
            "AAAAAAAAAAAAAAAAAAAAAA",
            "bad name!",
            1,
            "x",
            "Ann",
            a.json().get("epoch").asLong(),
            a.json().get("leaseToken").asText());
    assertThat(batch.status()).isEqualTo(200);
    JsonNode results = batch.json().get("renewals");
    assertThat(results).hasSize(4);
    assertThat(results.get(0).has("leaseToken")).isTrue();
    assertThat(results.get(1).get("code").asInt()).isEqualTo(404);
    assertThat(results.get(2).get("code").asInt()).isEqualTo(422);
    assertThat(results.get(2).get("message").asText()).contains("invalid peer name");
    assertThat(results.get(3).get("name").asText()).isEqualTo("Ann");
    assertThat(results.get(3).has("leaseToken")).isTrue();

    TestClient.Answer notABatch = client.raw("POST", "/v1/leases", "{\"renewal\": []}");
    assertThat(notABatch.status()).isEqualTo(400);
    TestClient.Answer empty = client.raw("POST", "/v1/leases", "{}");
    assertThat(empty.status()).isEqualTo(422);
    assertThat(empty.message()).contains("renewals");
  }
}

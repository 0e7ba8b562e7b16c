package p2pchat.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The blocking query on /v1/peers/changes: wakes within milliseconds, times out on time. */
class LongPollTest extends RegistryPerTest {

  private long version() {
    return client.get("/v1/peers").json().get("version").asLong();
  }

  /** The poll has reached the registry and is parked there. */
  private static void assertParked(CompletableFuture<?> poll) {
    await()
        .during(Duration.ofMillis(150))
        .atMost(Duration.ofSeconds(1))
        .until(() -> !poll.isDone());
  }

  @Test
  void aLongPollReturnsWithin100msOfAChange() throws Exception {
    long since = version();
    CompletableFuture<JsonNode> poll = client.changes(since, "10s");
    assertParked(poll);

    client.register(new TestPeer("Sam"), 7001);
    long registeredAt = System.nanoTime();
    JsonNode answer = poll.get(5, TimeUnit.SECONDS);
    long lateMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - registeredAt);

    assertThat(lateMillis).isLessThan(100);
    assertThat(answer.get("version").asLong()).isGreaterThan(since);
    assertThat(answer.get("changes")).hasSize(1);
    assertThat(answer.get("changes").get(0).get("name").asText()).isEqualTo("Sam");
    assertThat(answer.get("changes").get(0).get("status").asText()).isEqualTo("online");
  }

  @Test
  void aLongPollWithNoChangeAnswersEmptyAtItsWaitTime() throws Exception {
    long since = version();
    long startedAt = System.nanoTime();
    JsonNode answer = client.changes(since, "500ms").get(5, TimeUnit.SECONDS);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);

    assertThat(tookMillis).isBetween(450L, 1_000L);
    assertThat(answer.get("changes")).isEmpty();
    assertThat(answer.get("version").asLong()).isEqualTo(since);
  }

  @Test
  void aPollBehindTheRegistryAnswersAtOnceWithWhatChanged() throws Exception {
    long before = version();
    TestPeer sam = new TestPeer("Sam");
    client.register(sam, 7001);
    // On PostgreSQL an instance learns of a change through LISTEN/NOTIFY, a moment after the
    // write: the version a list shows may lag it (the changes since it then repeat the write).
    long afterSam =
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(5))
            .until(this::version, v -> v > before);
    client.register(new TestPeer("Carol"), 7002);

    JsonNode answer = client.changes(afterSam, "10s").get(2, TimeUnit.SECONDS);
    assertThat(answer.get("changes"))
        .extracting(p -> p.get("name").asText())
        .containsExactly("Carol");
    JsonNode all = client.changes(0, "10s").get(2, TimeUnit.SECONDS);
    assertThat(all.get("changes"))
        .extracting(p -> p.get("name").asText())
        .containsExactlyInAnyOrder("Sam", "Carol");
  }

  @Test
  void aPollFromAVersionTheRegistryNeverHadAnswersAtOnceWithEverything() throws Exception {
    client.register(new TestPeer("Sam"), 7001);
    JsonNode answer = client.changes(1_000_000, "10s").get(2, TimeUnit.SECONDS);
    assertThat(answer.get("version").asLong()).isEqualTo(version());
    assertThat(answer.get("changes"))
        .extracting(p -> p.get("name").asText())
        .containsExactly("Sam");
  }

  @Test
  void anExpiringLeaseWakesALongPollWithNoRequestNeeded() throws Exception {
    client.register(new TestPeer("Sam"), 7001);
    long since = version();
    long startedAt = System.nanoTime();
    JsonNode answer = client.changes(since, "10s").get(5, TimeUnit.SECONDS);

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt)).isLessThan(1_600);
    assertThat(answer.get("changes").get(0).get("status").asText()).isEqualTo("unreachable");
  }

  @Test
  void aRemovedPeerShowsOnceAsAwayInTheChanges() throws Exception {
    TestPeer sam = new TestPeer("Sam");
    client.register(sam, 7001);
    long since = version();
    client.signed(sam, "DELETE", "/v1/peers/Sam", "");
    JsonNode answer = client.changes(since, "1s").get(5, TimeUnit.SECONDS);
    assertThat(answer.get("changes").get(0).get("status").asText()).isEqualTo("away");
  }

  @Test
  void aChangeMadeThroughAnotherInstanceOnTheSameDatabaseWakesTheLongPoll() throws Exception {
    try (EmbeddedRegistry other =
        EmbeddedRegistry.start(registry.settings().withPort(0).withAdminPort(0))) {
      long since = version();
      CompletableFuture<JsonNode> poll = client.changes(since, "10s");
      assertParked(poll);

      new TestClient(other.url()).register(new TestPeer("Sam"), 7001);
      long registeredAt = System.nanoTime();
      JsonNode answer = poll.get(5, TimeUnit.SECONDS);

      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - registeredAt)).isLessThan(600);
      assertThat(answer.get("changes").get(0).get("name").asText()).isEqualTo("Sam");
    }
  }

  @Test
  void stoppingTheRegistryAnswersParkedLongPollsAtOnce() throws Exception {
    long since = version();
    CompletableFuture<JsonNode> poll = client.changes(since, "20s");
    assertParked(poll);
    long stoppingAt = System.nanoTime();
    registry.stop();
    JsonNode answer = poll.get(5, TimeUnit.SECONDS);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppingAt)).isLessThan(2_000);
    assertThat(answer.get("changes")).isEmpty();
    assertThat(answer.get("version").asLong()).isEqualTo(since);
  }

  @Test
  void hundredsOfParkedLongPollsAreAllAnsweredByOneChange() throws Exception {
    long since = version();
    List<CompletableFuture<JsonNode>> polls = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      polls.add(client.changes(since, "20s"));
    }
    assertParked(CompletableFuture.anyOf(polls.toArray(CompletableFuture[]::new)));

    client.register(new TestPeer("Sam"), 7001);
    CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    for (CompletableFuture<JsonNode> poll : polls) {
      assertThat(poll.get().get("changes").get(0).get("name").asText()).isEqualTo("Sam");
    }
  }
}

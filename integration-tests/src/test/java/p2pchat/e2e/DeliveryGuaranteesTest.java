package p2pchat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.Agent;
import p2pchat.agent.Message;

/**
 * The five delivery guarantees (README, "Reliability"; docs/adr/0001), each proven with real
 * agents, sockets and SQLite files.
 */
class DeliveryGuaranteesTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir Path dir;

  private static List<String> textsFrom(Agent receiver, String sender) {
    return receiver.history(sender).stream()
        .filter(m -> m.direction() == Message.Direction.IN)
        .map(Message::text)
        .toList();
  }

  private static List<String> numbered(String prefix, int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + i).toList();
  }

  private void awaitStatus(Cluster c, String name, String status) {
    await().atMost(PATIENCE).until(() -> c.registryStatus(name).equals(status));
  }

  @Test
  void guarantee1_aSentMessageIsDurableAndSurvivesCrashesOfBothEndsAndOfTheRegistry() {
    try (Cluster c = new Cluster(dir)) {
      Agent carol = c.start("Carol");
      Agent sam = c.start("Sam");
      carol.crash();
      awaitStatus(c, "Carol", "unreachable");

      for (String text : numbered("durable ", 50)) {
        sam.send("Carol", text).join(); // returned: committed
      }
      sam.crash(); // nothing after send() may be needed to keep them
      c.registry.stop();
      c.registry.start();

      c.start("Sam");
      Agent carolAgain = c.start("Carol");
      await().atMost(PATIENCE).until(() -> textsFrom(carolAgain, "Sam").size() == 50);
      assertThat(textsFrom(carolAgain, "Sam")).containsExactlyElementsOf(numbered("durable ", 50));
    }
  }

  @Test
  void guarantee2_eachMessageIsStoredOnceAndItsHandlersEffectsCommitOnceDespiteReceiverCrashes()
      throws Exception {
    Path echo = script("reply-each.groovy", "on message { msg -> reply \"re: ${msg.text}\" }");
    try (Cluster c = new Cluster(dir)) {
      Agent sam = c.start("Sam");
      Agent carol = c.start(c.config("Carol").withScript(echo));
      int n = 2000;
      for (String text : numbered("m", n)) {
        sam.send("Carol", text); // no join: as fast as the outbox takes them
      }
      // Crash the receiver twice while the stream and its handler are in full flow.
      for (int crash = 0; crash < 2; crash++) {
        Agent victim = carol;
        await().atMost(PATIENCE).until(() -> textsFrom(victim, "Sam").size() > 200);
        victim.crash();
        carol = c.start(c.config("Carol").withScript(echo));
      }
      Agent last = carol;
      await().atMost(PATIENCE).until(() -> textsFrom(last, "Sam").size() == n);
      assertThat(textsFrom(last, "Sam")).containsExactlyElementsOf(numbered("m", n));
      // Each handled message produced exactly one reply: effects committed once, never twice.
      await().atMost(PATIENCE).until(() -> textsFrom(sam, "Carol").size() >= n);
      assertThat(textsFrom(sam, "Carol")).doesNotHaveDuplicates().hasSize(n);
    }
  }

  @Test
  void guarantee3_messagesFromOneSenderAreHandledInTheOrderTheyWereSent() throws Exception {
    Path echo = script("reply-each.groovy", "on message { msg -> reply msg.text }");
    try (Cluster c = new Cluster(dir)) {
      Agent sam = c.start("Sam");
      Agent alice = c.start("Alice");
      c.start(c.config("Carol").withScript(echo));
      int n = 1000;
      for (int i = 1; i <= n; i++) {
        sam.send("Carol", "sam " + i);
        alice.send("Carol", "alice " + i);
      }
      // The handler's replies come back in the order it handled the messages.
      await()
          .atMost(PATIENCE)
          .until(
              () -> textsFrom(sam, "Carol").size() == n && textsFrom(alice, "Carol").size() == n);
      assertThat(textsFrom(sam, "Carol")).containsExactlyElementsOf(numbered("sam ", n));
      assertThat(textsFrom(alice, "Carol")).containsExactlyElementsOf(numbered("alice ", n));
    }
  }

  @Test
  void guarantee4_offlineMessagesAreDeliveredAutomaticallyAndBeforeNewerOnes() {
    try (Cluster c = new Cluster(dir)) {
      Agent sam = c.start("Sam");
      Agent carol = c.start("Carol");
      await().atMost(PATIENCE).until(() -> sam.isOnline("Carol"));
      carol.stop(); // graceful: says away
      await().atMost(PATIENCE).until(() -> !sam.isOnline("Carol"));
      for (String text : numbered("while away ", 100)) {
        sam.send("Carol", text).join();
      }

      Agent back = c.start("Carol"); // Sam does nothing: his agent notices and delivers
      await().atMost(PATIENCE).until(() -> sam.isOnline("Carol"));
      for (String text : numbered("after return ", 20)) {
        sam.send("Carol", text).join();
      }
      await().atMost(PATIENCE).until(() -> textsFrom(back, "Sam").size() == 120);

      List<Message> received = back.history("Sam");
      assertThat(received)
          .extracting(Message::text)
          .startsWith(numbered("while away ", 100).toArray(String[]::new));
      assertThat(received.subList(0, 100))
          .allMatch(Message::offline, "marked as queued while Carol was offline");
      assertThat(received)
          .extracting(Message::text)
          .endsWith(numbered("after return ", 20).toArray(String[]::new));
    }
  }

  @Test
  void guarantee5_anExpiredMessageIsMarkedExpiredNeverSentAndTheSendingScriptIsTold()
      throws Exception {
    Path tell =
        script(
            "tell-expired.groovy",
            "on expired { msg -> send 'Watcher', \"expired: ${msg.text}\" }");
    try (Cluster c = new Cluster(dir)) {
      Agent watcher = c.start("Watcher");
      Agent carol = c.start("Carol");
      Agent sam = c.start(c.config("Sam").withScript(tell));
      carol.stop();
      await().atMost(PATIENCE).until(() -> !sam.isOnline("Carol"));

      sam.send("Carol", "short-lived", null, Duration.ofMillis(300)).join();
      sam.send("Carol", "long-lived").join();

      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(sam.history("Carol"))
                      .filteredOn(m -> m.text().equals("short-lived"))
                      .extracting(Message::status)
                      .containsExactly(Message.Status.EXPIRED));
      await()
          .atMost(PATIENCE)
          .until(() -> textsFrom(watcher, "Sam").contains("expired: short-lived"));

      Agent back = c.start("Carol");
      await().atMost(PATIENCE).until(() -> textsFrom(back, "Sam").contains("long-lived"));
      assertThat(textsFrom(back, "Sam")).containsExactly("long-lived");
    }
  }

  private Path script(String name, String body) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, body + "\n");
    return file;
  }
}

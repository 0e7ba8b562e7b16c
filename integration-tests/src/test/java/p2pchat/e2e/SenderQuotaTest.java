package p2pchat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import p2pchat.agent.Agent;
import p2pchat.agent.Message;

/**
 * An authenticated sender is bounded too: past its quota of messages stored at the receiver and not
 * yet handled by its script, the receiver stops reading that sender's link; the rest waits in the
 * sender's outbox, nothing is lost, and another sender's messages keep arriving.
 */
class SenderQuotaTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final int QUOTA = 200;
  private static final int FLOOD = 3000;
  private static final String GATE = "p2pchat.test.senderQuotaGate";

  @TempDir Path dir;

  private static long count(
      Agent agent, String peer, Message.Direction direction, Message.Status status) {
    return agent.history(peer).stream()
        .filter(m -> m.direction() == direction && m.status() == status)
        .count();
  }

  @Test
  void aSenderPastItsQuotaWaitsLosesNothingAndDoesNotSlowAnother() throws Exception {
    // A bot that cannot keep up: each handler waits on a gate the test opens (a latch, no polling).
    CountDownLatch gate = new CountDownLatch(1);
    System.getProperties().put(GATE, gate);
    Path script = dir.resolve("slow.groovy");
    Files.writeString(
        script,
        "def gate = System.getProperties().get('"
            + GATE
            + "')\n"
            + "on message { msg -> gate.await() }\n");
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    try (Cluster c = new Cluster(dir)) {
      Agent bob = c.start(c.config("Bob").withScript(script).withSenderQuota(QUOTA));
      Agent sam = c.start("Sam");
      Agent carol = c.start("Carol");
      await().atMost(PATIENCE).until(() -> sam.isOnline("Bob") && carol.isOnline("Bob"));

      for (int i = 1; i <= FLOOD; i++) {
        sam.send("Bob", "flood " + i);
      }
      // Bob stores Sam's messages up to the quota (plus what was already on the way), then stops
      // reading him.
      await()
          .atMost(PATIENCE)
          .until(() -> count(bob, "Sam", Message.Direction.IN, Message.Status.RECEIVED) >= QUOTA);
      await()
          .atMost(PATIENCE)
          .until(() -> log.list.stream().anyMatch(SenderQuotaTest::samHeldBack));
      long storedFromSam = bob.history("Sam").size();
      assertThat(storedFromSam)
          .as("stored from Sam while back-pressured")
          .isLessThan(QUOTA + 4 * 512 + 1);
      assertThat(count(sam, "Bob", Message.Direction.OUT, Message.Status.DELIVERED))
          .as("Sam's delivered")
          .isLessThan(FLOOD);

      // Carol is not held up by Sam's backlog: hers are stored (and acknowledged) at once.
      for (int i = 1; i <= 100; i++) {
        carol.send("Bob", "carol " + i);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> count(carol, "Bob", Message.Direction.OUT, Message.Status.DELIVERED) == 100);
      assertThat(bob.history("Sam")).as("Sam still waits meanwhile").hasSizeLessThan(FLOOD);

      gate.countDown(); // the bot catches up: Sam's link is read again, the rest arrives
      await()
          .atMost(PATIENCE)
          .until(() -> count(bob, "Sam", Message.Direction.IN, Message.Status.HANDLED) == FLOOD);
      assertThat(bob.history("Sam").stream().map(Message::text).toList())
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, FLOOD).mapToObj(i -> "flood " + i).toList());
      assertThat(log.list.stream().filter(SenderQuotaTest::samHeldBack).count())
          .as("logged once per episode, not per batch")
          .isLessThanOrEqualTo(countEpisodes(log));
    } finally {
      gate.countDown();
      System.getProperties().remove(GATE);
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    }
  }

  /** The line Bob logs when he stops reading Sam for being over his quota. */
  private static boolean samHeldBack(ILoggingEvent e) {
    return e.getFormattedMessage().startsWith("Sam has ")
        && e.getFormattedMessage().contains("not reading more from it");
  }

  /** Episodes: each "below its quota again" ends one; the last may still be open. */
  private static long countEpisodes(ListAppender<ILoggingEvent> log) {
    List<ILoggingEvent> all = List.copyOf(log.list);
    return all.stream()
            .filter(
                e ->
                    e.getFormattedMessage().equals("Sam is below its quota again; reading from it"))
            .count()
        + 1;
  }
}

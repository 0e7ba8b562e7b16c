package p2pchat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.Agent;
import p2pchat.agent.Message;

class AgentSmokeTest {
  @TempDir Path dir;

  @Test
  void twoAgentsExchangeMessagesThroughTheRealRegistry() {
    try (Cluster c = new Cluster(dir)) {
      Agent sam = c.start("Sam");
      Agent carol = c.start("Carol");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> sam.isOnline("Carol") && carol.isOnline("Sam"));

      sam.send("Carol", "hello").join();
      carol.send("Sam", "hi Sam").join();

      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                assertThat(carol.history("Sam")).extracting(Message::text).contains("hello");
                assertThat(sam.history("Carol")).extracting(Message::text).contains("hi Sam");
              });
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(sam.history("Carol"))
                      .filteredOn(m -> m.direction() == Message.Direction.OUT)
                      .extracting(Message::status)
                      .containsOnly(Message.Status.DELIVERED));
    }
  }
}

package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background traffic: real agents send while the story goes on, and the checkers judge it. */
class TrafficTest {
  @TempDir Path dir;

  @Test
  void backgroundTrafficFlowsWhileTheReceiverCrashesAndJoinsTheHistory() {
    try (Scenario s = Scenario.create("traffic", dir, Progress.SILENT)) {
      s.startRegistry(Map.of());
      s.peer(Map.of(), "Ann");
      Peer bob = s.peer(Map.of(), "Bob");
      Traffic t =
          s.traffic(
              Map.of("from", "Ann", "to", "Bob", "rate", 100, "duration", Span.ofMillis(1500)));
      await().atMost(Duration.ofSeconds(10)).until(() -> bob.messages().size() >= 10);
      bob.crash();
      int before = t.getSent();
      await().atMost(Duration.ofSeconds(10)).until(() -> t.getSent() > before + 10);
      bob.start();
      s.finalChecks();

      History h = s.history();
      assertThat(h.owed()).hasSizeGreaterThan(50);
      assertThat(h.lost()).isEmpty();
      assertThat(bob.messages(Map.of("from", "Ann"))).first().isEqualTo("traffic Ann→Bob #1");
      assertThat(s.timeline().marks()).extracting(Timeline.Mark::kind).contains("traffic");
    }
  }

  @Test
  void trafficToARoomReachesEveryMember() {
    try (Scenario s = Scenario.create("room traffic", dir, Progress.SILENT)) {
      s.startRegistry(Map.of());
      Peer sam = s.peer(Map.of(), "Sam");
      Peer carol = s.peer(Map.of(), "Carol");
      Peer dan = s.peer(Map.of(), "Dan");
      sam.createRoom("#ops", "Carol", "Dan");
      await().atMost(Duration.ofSeconds(10)).until(() -> carol.joined("#ops").asBoolean());
      await().atMost(Duration.ofSeconds(10)).until(() -> dan.joined("#ops").asBoolean());
      Traffic t =
          s.traffic(
              Map.of("from", "Sam", "to", "#ops", "rate", 50, "duration", Span.ofMillis(600)));
      s.finalChecks();

      assertThat(t.getSent()).isGreaterThan(10);
      assertThat(carol.messages(Map.of("from", "Sam", "room", "#ops"))).hasSize(t.getSent());
      assertThat(dan.messages(Map.of("from", "Sam", "room", "#ops"))).hasSize(t.getSent());
    }
  }

  @Test
  void trafficWithoutARateIsRefusedNamingTheWord() {
    try (Scenario s = Scenario.create("bad traffic", dir, Progress.SILENT)) {
      s.startRegistry(Map.of());
      s.peer(Map.of(), "Ann");
      s.peer(Map.of(), "Bob");
      assertThatThrownBy(
              () -> s.traffic(Map.of("from", "Ann", "to", "Bob", "duration", Span.ofMillis(100))))
          .isInstanceOf(ScenarioError.class)
          .hasMessageContaining("traffic(...) needs rate:");
    }
  }
}

package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness driven from Java, as repeated trials (crash torture) use it. */
class ScenarioFromJavaTest {
  @TempDir Path dir;

  @Test
  void aCrashedReceiverGetsEverythingAfterItsRestartAndTheCheckersSaySo() {
    try (Scenario s = Scenario.create("crash trial", dir, Progress.SILENT)) {
      s.startRegistry(Map.of());
      Peer sam = s.peer(Map.of(), "Sam");
      Peer carol = s.peer(Map.of(), "Carol");
      carol.crash();
      for (int i = 1; i <= 100; i++) {
        sam.send("Carol", "m" + i);
      }
      carol.start();
      s.check().within(Span.ofMillis(10_000)).noLoss().noDuplicates().inOrder();

      History t = s.history();
      assertThat(t.owed()).hasSize(100);
      assertThat(t.lost()).isEmpty();
      assertThat(carol.messages(Map.of("from", "Sam"))).first().isEqualTo("m1");
      assertThat(s.timeline().marks()).extracting(Timeline.Mark::kind).contains("crash", "start");
    }
  }
}

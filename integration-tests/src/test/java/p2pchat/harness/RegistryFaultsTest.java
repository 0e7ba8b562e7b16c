package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry paused or partitioned away from a peer, with real agents: the registry really stops
 * hearing them (their leases run out), and they keep delivering on the addresses they know.
 */
class RegistryFaultsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  @Test
  void aPausedRegistryHearsNobodyWhileThePeersKeepDeliveringAndAllIsWellAfterResume() {
    try (Scenario s = Scenario.create("registry paused", dir, Progress.SILENT)) {
      RegistryHandle registry = s.startRegistry(Map.of());
      Peer ann = s.peer(Map.of(), "Ann");
      Peer bob = s.peer(Map.of(), "Bob");
      ann.send("Bob", "before");
      await().atMost(WAIT).until(() -> bob.messages(Map.of("from", "Ann")).contains("before"));

      registry.pause();
      await().atMost(WAIT).until(() -> registry.held() > 0); // heartbeats wait in the front
      await().atMost(WAIT).until(() -> registry.status("Ann").equals("unreachable"));
      for (int i = 1; i <= 20; i++) {
        ann.send("Bob", "paused #" + i);
        bob.send("Ann", "back #" + i);
      }
      await().atMost(WAIT).until(() -> bob.messages(Map.of("from", "Ann")).contains("paused #20"));
      await().atMost(WAIT).until(() -> ann.messages(Map.of("from", "Bob")).contains("back #20"));
      assertThat(registry.status("Bob")).isEqualTo("unreachable");

      registry.resume();
      await().atMost(WAIT).until(() -> registry.status("Ann").equals("online"));
      await().atMost(WAIT).until(() -> registry.status("Bob").equals("online"));
      ann.send("Bob", "after");
      s.check().noLoss().noDuplicates().inOrder();
      assertThat(s.timeline().marks())
          .extracting(Timeline.Mark::label)
          .contains("registry paused", "registry resumed");
    }
  }

  @Test
  void aPeerPartitionedFromTheRegistryGoesUnreachableThereButStillTalksToItsPeers() {
    try (Scenario s = Scenario.create("registry partitioned", dir, Progress.SILENT)) {
      RegistryHandle registry = s.startRegistry(Map.of());
      Peer ann = s.peer(Map.of(), "Ann");
      Peer bob = s.peer(Map.of(), "Bob");
      ann.send("Bob", "before");
      await().atMost(WAIT).until(() -> bob.messages(Map.of("from", "Ann")).contains("before"));

      s.partition(registry, "Ann");
      await().atMost(WAIT).until(() -> registry.status("Ann").equals("unreachable"));
      assertThat(registry.status("Bob")).isEqualTo("online");
      for (int i = 1; i <= 20; i++) {
        ann.send("Bob", "cut off #" + i);
        bob.send("Ann", "still here #" + i);
      }
      await().atMost(WAIT).until(() -> bob.messages(Map.of("from", "Ann")).contains("cut off #20"));
      await()
          .atMost(WAIT)
          .until(() -> ann.messages(Map.of("from", "Bob")).contains("still here #20"));

      s.heal(registry, "Ann");
      await().atMost(WAIT).until(() -> registry.status("Ann").equals("online"));
      s.check().noLoss().noDuplicates().inOrder();
    }
  }

  @Test
  void theNemesisDrawsRegistryFaultsOfBothKindsFromItsSeed() {
    var schedule =
        Nemesis.schedule(
            7,
            Span.ofMillis(60_000),
            java.util.List.of("registry"),
            java.util.List.of("Ann", "Bob"),
            java.util.List.of());
    assertThat(schedule).isNotEmpty();
    assertThat(schedule).allMatch(e -> e.targets().get(0).equals("registry"));
    assertThat(schedule).anyMatch(e -> e.targets().size() == 1);
    assertThat(schedule).anyMatch(e -> e.targets().size() == 2);
    assertThat(schedule.get(0).describe()).contains("registry");
  }
}

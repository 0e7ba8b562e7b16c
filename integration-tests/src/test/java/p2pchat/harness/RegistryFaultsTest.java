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

  /** A registry, and Ann and Bob talking: Ann's first message has reached Bob. */
  private record Talk(RegistryHandle registry, Peer ann, Peer bob) {
    static Talk begun(Scenario s) {
      RegistryHandle registry = s.startRegistry(Map.of());
      Peer ann = s.peer(Map.of(), "Ann");
      Peer bob = s.peer(Map.of(), "Bob");
      ann.send("Bob", "before");
      await().atMost(WAIT).until(() -> bob.messages(Map.of("from", "Ann")).contains("before"));
      return new Talk(registry, ann, bob);
    }

    /** Twenty messages each way, numbered after their prefixes, until the last of each is in. */
    void twentyEachWay(String annSays, String bobSays) {
      for (int i = 1; i <= 20; i++) {
        ann.send("Bob", annSays + i);
        bob.send("Ann", bobSays + i);
      }
      await().atMost(WAIT).until(() -> bob.messages(Map.of("from", "Ann")).contains(annSays + 20));
      await().atMost(WAIT).until(() -> ann.messages(Map.of("from", "Bob")).contains(bobSays + 20));
    }
  }

  @Test
  void aPausedRegistryHearsNobodyWhileThePeersKeepDeliveringAndAllIsWellAfterResume() {
    try (Scenario s = Scenario.create("registry paused", dir, Progress.SILENT)) {
      Talk t = Talk.begun(s);
      RegistryHandle registry = t.registry();

      registry.pause();
      await().atMost(WAIT).until(() -> registry.held() > 0); // heartbeats wait in the front
      await().atMost(WAIT).until(() -> registry.status("Ann").equals("unreachable"));
      t.twentyEachWay("paused #", "back #");
      assertThat(registry.status("Bob")).isEqualTo("unreachable");

      registry.resume();
      await().atMost(WAIT).until(() -> registry.status("Ann").equals("online"));
      await().atMost(WAIT).until(() -> registry.status("Bob").equals("online"));
      t.ann().send("Bob", "after");
      s.check().noLoss().noDuplicates().inOrder();
      assertThat(s.timeline().marks())
          .extracting(Timeline.Mark::label)
          .contains("registry paused", "registry resumed");
    }
  }

  @Test
  void aPeerPartitionedFromTheRegistryGoesUnreachableThereButStillTalksToItsPeers() {
    try (Scenario s = Scenario.create("registry partitioned", dir, Progress.SILENT)) {
      Talk t = Talk.begun(s);
      RegistryHandle registry = t.registry();

      s.partition(registry, "Ann");
      await().atMost(WAIT).until(() -> registry.status("Ann").equals("unreachable"));
      assertThat(registry.status("Bob")).isEqualTo("online");
      t.twentyEachWay("cut off #", "still here #");

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

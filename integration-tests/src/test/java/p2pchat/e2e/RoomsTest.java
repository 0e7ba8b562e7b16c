package p2pchat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.Agent;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.RoomHeader;

/** Rooms with real agents, sockets, registry and SQLite files (docs/rooms.md). */
class RoomsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir Path dir;

  /** What {@code member} took in {@code room} from {@code author}, in the order it took them. */
  private static List<String> roomTexts(Agent member, String room, String author) {
    return member.history(room).stream()
        .filter(m -> m.direction() == Message.Direction.IN)
        .filter(m -> m.roomHeader().type() == RoomHeader.MESSAGE)
        .filter(m -> m.from().equals(author))
        .filter(m -> m.status() != Message.Status.WAITING)
        .map(Message::text)
        .toList();
  }

  private static List<String> numbered(String prefix, int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + i).toList();
  }

  /** Sam's #ops with Carol and Dan in it: the three started, Sam knowing the two, #ops created. */
  private record Ops(Agent carol, Agent dan, Agent sam) {
    static Ops open(Cluster c) {
      Agent carol = c.start("Carol");
      Agent dan = c.start("Dan");
      Agent sam = c.start("Sam");
      awaitKnown(sam, "Carol", "Dan");
      sam.rooms().create("#ops", List.of("Carol", "Dan")).join();
      return new Ops(carol, dan, sam);
    }
  }

  private static void awaitKnown(Agent agent, String... names) {
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                List.of(names).stream()
                    .allMatch(n -> agent.peers().stream().anyMatch(p -> p.name().equals(n))));
  }

  @Test
  void aRoomMessageReachesEveryMemberOnceInOrderAndEachDeliveryIsTrackedOnItsOwn() {
    try (Cluster c = new Cluster(dir)) {
      Ops ops = Ops.open(c);
      for (String text : numbered("ops ", 30)) {
        ops.sam().send("#ops", text).join();
      }
      await().atMost(PATIENCE).until(() -> roomTexts(ops.carol(), "#ops", "Sam").size() == 30);
      await().atMost(PATIENCE).until(() -> roomTexts(ops.dan(), "#ops", "Sam").size() == 30);
      assertThat(roomTexts(ops.carol(), "#ops", "Sam"))
          .containsExactlyElementsOf(numbered("ops ", 30));
      assertThat(roomTexts(ops.dan(), "#ops", "Sam"))
          .containsExactlyElementsOf(numbered("ops ", 30));
      assertThat(ops.carol().rooms().joined())
          .extracting(r -> r.members())
          .containsExactly(List.of("Sam", "Carol", "Dan"));

      // each member's copy is delivered on its own, under one id
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  ops.sam().history("#ops").stream()
                      .filter(m -> m.roomHeader().type() == RoomHeader.MESSAGE)
                      .allMatch(m -> m.status() == Message.Status.DELIVERED));
      assertThat(ops.sam().history("#ops"))
          .filteredOn(m -> m.roomHeader().type() == RoomHeader.MESSAGE)
          .hasSize(60);
    }
  }

  @Test
  void aMemberOfflineGetsEverythingWhenBackAndARemovedMemberGetsNothingAfter() {
    try (Cluster c = new Cluster(dir)) {
      Ops ops = Ops.open(c);
      await().atMost(PATIENCE).until(() -> !ops.dan().rooms().joined().isEmpty());
      ops.dan().crash();
      for (String text : numbered("while away ", 20)) {
        ops.sam().send("#ops", text).join();
      }
      ops.carol().send("#ops", "carol too").join();
      Agent danAgain = c.start("Dan");
      await().atMost(PATIENCE).until(() -> roomTexts(danAgain, "#ops", "Sam").size() == 20);
      await().atMost(PATIENCE).until(() -> roomTexts(danAgain, "#ops", "Carol").size() == 1);
      assertThat(roomTexts(danAgain, "#ops", "Sam"))
          .containsExactlyElementsOf(numbered("while away ", 20));

      ops.sam().rooms().removeMember("#ops", "Dan").join();
      await().atMost(PATIENCE).until(() -> danAgain.rooms().joined().isEmpty());
      await()
          .atMost(PATIENCE)
          .until(() -> ops.carol().rooms().joined().get(0).members().size() == 2);
      ops.sam().send("#ops", "after Dan").join();
      ops.carol().send("#ops", "after Dan, from Carol").join();
      await()
          .atMost(PATIENCE)
          .until(() -> roomTexts(ops.carol(), "#ops", "Sam").contains("after Dan"));
      assertThat(roomTexts(danAgain, "#ops", "Sam")).doesNotContain("after Dan");
      assertThat(roomTexts(danAgain, "#ops", "Carol")).doesNotContain("after Dan, from Carol");
      assertThatThrownBy(() -> danAgain.send("#ops", "let me in"))
          .hasMessageContaining("this agent is not a member of #ops");
    }
  }

  @Test
  void aRoomMessageReachesAMemberAfterItsAuthorIsGoneForGood() {
    try (Cluster c = new Cluster(dir)) {
      Ops ops = Ops.open(c);
      await().atMost(PATIENCE).until(() -> !ops.dan().rooms().joined().isEmpty());
      await().atMost(PATIENCE).until(() -> !ops.carol().rooms().joined().isEmpty());
      ops.dan().crash();
      for (String text : numbered("sam ", 30)) {
        ops.sam().send("#ops", text).join();
      }
      await().atMost(PATIENCE).until(() -> roomTexts(ops.carol(), "#ops", "Sam").size() == 30);
      ops.sam().crash(); // for good
      Agent danAgain = c.start("Dan");
      await().atMost(PATIENCE).until(() -> roomTexts(danAgain, "#ops", "Sam").size() == 30);
      assertThat(roomTexts(danAgain, "#ops", "Sam"))
          .containsExactlyElementsOf(numbered("sam ", 30));
    }
  }

  @Test
  void badRoomInputIsRefusedInOneLineBeforeAnythingIsWritten() {
    try (Cluster c = new Cluster(dir)) {
      c.start("Carol");
      Agent sam = c.start("Sam");
      awaitKnown(sam, "Carol");
      assertThatThrownBy(() -> sam.rooms().create("#a b", List.of("Carol")))
          .hasMessageStartingWith("invalid room name '#a b'");
      assertThatThrownBy(() -> sam.rooms().create("#ops", List.of("Nobody")))
          .hasMessageStartingWith("unknown peer Nobody");
      assertThatThrownBy(() -> sam.send("#ops", "hello?"))
          .hasMessageContaining("not a member of #ops");
      sam.rooms().create("#ops", List.of("Carol")).join();
      assertThatThrownBy(() -> sam.rooms().create("#ops", List.of("Carol")))
          .hasMessage("#ops exists already; pick another name");
      assertThat(sam.history("#ops")).hasSize(1); // the one membership, nothing half-written
    }
  }
}

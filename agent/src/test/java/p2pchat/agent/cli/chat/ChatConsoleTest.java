package p2pchat.agent.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static p2pchat.agent.Message.Direction.IN;
import static p2pchat.agent.Message.Direction.OUT;
import static p2pchat.agent.Message.Status.HANDLED;
import static p2pchat.agent.Message.Status.QUEUED;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatConsoleTest {

  @Test
  void onATerminalEachSentLineIsMarkedWhenDeliveredAndARoomCountsItsMembersCopies() {
    RecordingIo io = new RecordingIo(true);
    ChatConsole console = new ChatConsole(io);
    console.sent(Rows.direct("d1", "Sam", "Carol", OUT, QUEUED, "hello Carol"), "Carol", 1);
    console.sent(Rows.room("r1", "#ops", "Sam", "Carol", OUT, QUEUED, "ops news"), "#ops", 2);
    console.delivered(List.of(Rows.direct("d1", "Sam", "Carol", OUT, QUEUED, "hello Carol")));
    console.delivered(List.of(Rows.room("r1", "#ops", "Sam", "Dan", OUT, QUEUED, "ops news")));
    console.delivered(List.of(Rows.room("r1", "#ops", "Sam", "Carol", OUT, QUEUED, "ops news")));
    console.delivered(List.of(Rows.room("r1", "#ops", "Sam", "Carol", OUT, QUEUED, "ops news")));
    assertThat(io.lines())
        .containsExactly(
            "  ✓ → Carol: hello Carol", "  ✓ 1/2 → #ops: ops news", "  ✓ 2/2 → #ops: ops news");
  }

  @Test
  void aDeliveryHeardBeforeTheSendReturnedStillEarnsItsMark() {
    RecordingIo io = new RecordingIo(true);
    ChatConsole console = new ChatConsole(io);
    console.delivered(List.of(Rows.direct("d1", "Sam", "Carol", OUT, QUEUED, "quick")));
    console.sent(Rows.direct("d1", "Sam", "Carol", OUT, QUEUED, "quick"), "Carol", 1);
    assertThat(io.lines()).containsExactly("  ✓ → Carol: quick");
  }

  @Test
  void aPipeGetsThePrototypesWordsNoMarksAndMembershipsAsWordsNotJson() {
    RecordingIo io = new RecordingIo(false);
    ChatConsole console = new ChatConsole(io);
    console.peerConnected("Carol");
    console.received(
        List.of(
            Rows.direct("d1", "Carol", "Sam", IN, HANDLED, "hi Sam"),
            Rows.membership("m1", "#ops", 1, "Sam", IN, "Carol", "Sam"),
            Rows.room("r1", "#ops", "Carol", "Sam", IN, HANDLED, "in the room")));
    console.sent(Rows.direct("d2", "Sam", "Carol", OUT, QUEUED, "hello"), "Carol", 1);
    console.delivered(List.of(Rows.direct("d2", "Sam", "Carol", OUT, QUEUED, "hello")));
    assertThat(io.lines())
        .containsExactly(
            "Carol just connected to you!",
            "Carol: hi Sam",
            "* Carol created #ops: Carol, Sam",
            "[#ops] Carol: in the room");
  }

  @Test
  void onATerminalIncomingLinesHaveTheTimeTheSenderAndTheRoom() {
    RecordingIo io = new RecordingIo(true);
    new ChatConsole(io)
        .received(
            List.of(
                Rows.direct("d1", "Carol", "Sam", IN, HANDLED, "hi Sam"),
                Rows.room("r1", "#ops", "Dan", "Sam", IN, HANDLED, "deploy done")));
    assertThat(io.lines().get(0)).matches("\\d\\d:\\d\\d Carol: hi Sam");
    assertThat(io.lines().get(1)).matches("\\d\\d:\\d\\d #ops Dan: deploy done");
  }
}

package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.RoomHeader;

/** The checkers over recorded histories, on hand-made histories. */
class HistoryTest {

  private static Message out(String id, long seq, Message.Status status) {
    return new Message(
        id,
        "Sam",
        "Carol",
        Message.Direction.OUT,
        seq,
        "m" + seq,
        null,
        status,
        1000 + seq,
        null,
        false,
        null);
  }

  private static Message in(String id, long seq) {
    return new Message(
        id,
        "Sam",
        "Carol",
        Message.Direction.IN,
        seq,
        "m" + seq,
        null,
        Message.Status.HANDLED,
        1000 + seq,
        1010 + seq,
        false,
        null);
  }

  /** Sam's and Carol's stores as given, with no promise beyond them. */
  private static History samAndCarol(List<Message> sam, List<Message> carol) {
    return History.of(Map.of("Sam", sam, "Carol", carol), List.of());
  }

  private static Message room(
      String id,
      String from,
      String to,
      Message.Direction dir,
      int type,
      long seq,
      long version,
      String text) {
    return new Message(
        id,
        from,
        to,
        dir,
        seq,
        text,
        null,
        dir == Message.Direction.OUT ? Message.Status.DELIVERED : Message.Status.HANDLED,
        1000 + seq,
        dir == Message.Direction.OUT ? null : 1010 + seq,
        false,
        null,
        new RoomHeader(
            type,
            "ops",
            from,
            type == RoomHeader.MESSAGE ? seq : 0,
            version,
            type == RoomHeader.MESSAGE ? seq - 1 : 0,
            Map.of(),
            new byte[0]));
  }

  @Test
  void aRoomMessageIsOwedToEachMemberAndOneTakenAfterTheRemovalIsCaught() {
    String v1 = "{\"owner\":\"Sam\",\"members\":[\"Sam\",\"Carol\",\"Dan\"]}";
    String v2 = "{\"owner\":\"Sam\",\"members\":[\"Sam\",\"Carol\"]}";
    int msg = RoomHeader.MESSAGE;
    int ms = RoomHeader.MEMBERSHIP;
    Message.Direction o = Message.Direction.OUT;
    Message.Direction i = Message.Direction.IN;
    History t =
        History.of(
            Map.of(
                "Sam",
                List.of(
                    room("v1", "Sam", "Dan", o, ms, 1, 1, v1),
                    room("a", "Sam", "Carol", o, msg, 1, 1, "one"),
                    room("a", "Sam", "Dan", o, msg, 1, 1, "one"),
                    room("v2", "Sam", "Dan", o, ms, 3, 2, v2),
                    room("b", "Sam", "Carol", o, msg, 2, 2, "two")),
                "Carol",
                List.of(room("a", "Sam", "Carol", i, msg, 1, 1, "one")),
                "Dan",
                List.of(
                    room("a", "Sam", "Dan", i, msg, 1, 1, "one"),
                    room("b", "Sam", "Dan", i, msg, 2, 2, "two"))),
            List.of());
    // "two" is owed to Carol only, and she lacks it; Dan took it under a version without him
    assertThat(t.lost())
        .extracting(History.Flow::to, History.Flow::text)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Carol", "two"));
    assertThat(t.takenWhileOut())
        .singleElement()
        .asString()
        .isEqualTo("Dan took Sam's 'two' in #ops, sent under version 2 [Sam, Carol]");
    assertThat(t.duplicates()).isEmpty();
    assertThat(t.reordered()).isEmpty();
  }

  @Test
  void aMessageQueuedButNeverStoredByItsReceiverIsLost() {
    History t =
        samAndCarol(
            List.of(out("a", 1, Message.Status.DELIVERED), out("b", 2, Message.Status.SENT)),
            List.of(in("a", 1)));
    assertThat(t.lost()).extracting(History.Flow::id).containsExactly("b");
    assertThat(t.duplicates()).isEmpty();
    assertThat(t.reordered()).isEmpty();
  }

  @Test
  void aPromiseMissingFromTheSendersStoreIsLostToo() {
    History t =
        History.of(
            Map.of("Sam", List.of(), "Carol", List.of()),
            List.of(out("a", 1, Message.Status.QUEUED)));
    assertThat(t.lost()).singleElement().satisfies(f -> assertThat(f.inSenderStore()).isFalse());
  }

  @Test
  void expiredMessagesAreNotOwed() {
    History t = samAndCarol(List.of(out("a", 1, Message.Status.EXPIRED)), List.of());
    assertThat(t.owed()).isEmpty();
  }

  @Test
  void twoCopiesOfOneMessageAreADuplicate() {
    History t =
        samAndCarol(
            List.of(out("a", 1, Message.Status.DELIVERED)), List.of(in("a", 1), in("a", 1)));
    assertThat(t.duplicates()).singleElement().asString().contains("Carol stored 2 copies");
  }

  @Test
  void aLowerSeqAfterAHigherOneIsOutOfOrder() {
    History t = samAndCarol(List.of(), List.of(in("a", 1), in("c", 3), in("b", 2)));
    assertThat(t.reordered()).singleElement().asString().contains("#2").contains("after #3");
  }

  @Test
  void latencyPercentilesReadAsSpans() {
    LatencySummary s = LatencySummary.of("test", List.of(1L, 2L, 3L, 100L));
    assertThat(s.getCount()).isEqualTo(4);
    assertThat(s.getMax().toMillis()).isBetween(99L, 101L);
    assertThat(s.getP50()).isLessThanOrEqualTo(Span.ofMillis(3));
    assertThat(Span.ofMillis(200).toString()).isEqualTo("200 ms");
    assertThat(Span.ofMillis(2500).toString()).isEqualTo("2.5 s");
  }
}

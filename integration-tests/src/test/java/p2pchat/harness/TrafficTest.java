package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import p2pchat.agent.Message;

/** The checkers over recorded histories, on hand-made histories. */
class TrafficTest {

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

  @Test
  void aMessageQueuedButNeverStoredByItsReceiverIsLost() {
    Traffic t =
        Traffic.of(
            Map.of(
                "Sam",
                List.of(out("a", 1, Message.Status.DELIVERED), out("b", 2, Message.Status.SENT)),
                "Carol",
                List.of(in("a", 1))),
            List.of());
    assertThat(t.lost()).extracting(Traffic.Flow::id).containsExactly("b");
    assertThat(t.duplicates()).isEmpty();
    assertThat(t.reordered()).isEmpty();
  }

  @Test
  void aPromiseMissingFromTheSendersStoreIsLostToo() {
    Traffic t =
        Traffic.of(
            Map.of("Sam", List.of(), "Carol", List.of()),
            List.of(out("a", 1, Message.Status.QUEUED)));
    assertThat(t.lost()).singleElement().satisfies(f -> assertThat(f.inSenderStore()).isFalse());
  }

  @Test
  void expiredMessagesAreNotOwed() {
    Traffic t =
        Traffic.of(
            Map.of("Sam", List.of(out("a", 1, Message.Status.EXPIRED)), "Carol", List.of()),
            List.of());
    assertThat(t.owed()).isEmpty();
  }

  @Test
  void twoCopiesOfOneMessageAreADuplicate() {
    Traffic t =
        Traffic.of(
            Map.of(
                "Sam",
                List.of(out("a", 1, Message.Status.DELIVERED)),
                "Carol",
                List.of(in("a", 1), in("a", 1))),
            List.of());
    assertThat(t.duplicates()).singleElement().asString().contains("Carol stored 2 copies");
  }

  @Test
  void aLowerSeqAfterAHigherOneIsOutOfOrder() {
    Traffic t =
        Traffic.of(
            Map.of("Sam", List.of(), "Carol", List.of(in("a", 1), in("c", 3), in("b", 2))),
            List.of());
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

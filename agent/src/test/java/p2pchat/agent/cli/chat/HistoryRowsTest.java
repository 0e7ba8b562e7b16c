package p2pchat.agent.cli.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static p2pchat.agent.Message.Direction.IN;
import static p2pchat.agent.Message.Direction.OUT;
import static p2pchat.agent.Message.Status.DELIVERED;
import static p2pchat.agent.Message.Status.HANDLED;
import static p2pchat.agent.Message.Status.SENT;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryRowsTest {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private static List<String> text(List<HistoryRows.Row> rows) {
    return rows.stream().map(r -> HistoryRows.text(r, TIME)).toList();
  }

  @Test
  void aSentRoomMessageIsOneLineWithEachMembersDeliveryAndMembershipsAreWords() {
    List<HistoryRows.Row> rows =
        HistoryRows.of(
            List.of(
                Rows.membership("m1", "#ops", 1, "Carol", OUT, "Sam", "Carol", "Dan", "Eve"),
                Rows.membership("m1b", "#ops", 1, "Dan", OUT, "Sam", "Carol", "Dan", "Eve"),
                Rows.membership("m1c", "#ops", 1, "Eve", OUT, "Sam", "Carol", "Dan", "Eve"),
                Rows.room("r1", "#ops", "Sam", "Carol", OUT, DELIVERED, "stand-up at 10"),
                Rows.room("r1", "#ops", "Sam", "Dan", OUT, DELIVERED, "stand-up at 10"),
                Rows.room("r1", "#ops", "Sam", "Eve", OUT, SENT, "stand-up at 10"),
                Rows.room("r2", "#ops", "Carol", "Sam", IN, HANDLED, "ok"),
                Rows.membership("m2", "#ops", 2, "Carol", OUT, "Sam", "Carol", "Dan"),
                Rows.room("r3", "#ops", "Sam", "Carol", OUT, DELIVERED, "Eve is gone"),
                Rows.room("r3", "#ops", "Sam", "Dan", OUT, DELIVERED, "Eve is gone")),
            true);
    assertThat(text(rows))
        .containsExactly(
            "00:00:01  * Sam created #ops: Sam, Carol, Dan, Eve",
            "00:00:01  Sam -> #ops  [delivered 2/3: Carol, Dan; Eve: sent]  stand-up at 10",
            "00:00:01  Carol -> #ops  [handled]  ok",
            "00:00:01  * Sam removed Eve from #ops: Sam, Carol, Dan",
            "00:00:01  Sam -> #ops  [delivered]  Eve is gone");
    assertThat(rows.get(1).status()).isEqualTo(SENT);
    assertThat(rows.get(1).deliveredCopies()).isEqualTo(2);
    assertThat(rows.get(4).status()).isEqualTo(DELIVERED);
    assertThat(HistoryRows.of(rows.stream().map(HistoryRows.Row::message).toList(), false))
        .noneMatch(HistoryRows.Row::isMembership);
  }

  @Test
  void aDirectMessageReadsAsHistoryAlwaysShowedIt() {
    assertThat(
            text(
                HistoryRows.of(
                    List.of(Rows.direct("d1", "Sam", "Carol", OUT, DELIVERED, "hello Carol")),
                    true)))
        .containsExactly("00:00:01  Sam -> Carol  [delivered]  hello Carol");
  }
}

package p2pchat.agent.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipTest {
  private final Membership ops = Membership.create("#ops", "Sam", List.of("Carol", "Dan"));

  @Test
  void theCreatorOwnsTheRoomAndEachChangeIsTheNextVersion() {
    assertThat(ops.members()).containsExactly("Sam", "Carol", "Dan");
    assertThat(ops.version()).isEqualTo(1);
    Membership withEve = ops.invite("Sam", "Eve");
    assertThat(withEve.version()).isEqualTo(2);
    assertThat(withEve.members()).containsExactly("Sam", "Carol", "Dan", "Eve");
    Membership withoutDan = withEve.remove("Sam", "Dan");
    assertThat(withoutDan.members()).containsExactly("Sam", "Carol", "Eve");
    assertThat(withoutDan.othersThan("Carol")).containsExactly("Sam", "Eve");
  }

  @Test
  void onlyTheOwnerChangesMembershipAndEachRefusalSaysWhatToDo() {
    assertThatThrownBy(() -> ops.invite("Carol", "Eve"))
        .hasMessage("Carol cannot invite #ops: only its owner Sam can");
    assertThatThrownBy(() -> ops.remove("Dan", "Carol"))
        .hasMessage("Dan cannot remove members from #ops: only its owner Sam can");
    assertThatThrownBy(() -> ops.invite("Sam", "Carol"))
        .hasMessage("Carol is already a member of #ops");
    assertThatThrownBy(() -> ops.remove("Sam", "Eve"))
        .hasMessage("Eve is not a member of #ops; its members are [Sam, Carol, Dan]");
    assertThatThrownBy(() -> ops.invite("Sam", "no spaces"))
        .hasMessageStartingWith("invalid peer name 'no spaces'");
  }

  @Test
  void theOwnerLeavingHandsTheRoomToTheLongestStandingMember() {
    Membership next = ops.ownerLeaves();
    assertThat(next.owner()).isEqualTo("Carol");
    assertThat(next.members()).containsExactly("Carol", "Dan");
    assertThat(Membership.create("#solo", "Sam", List.of()).ownerLeaves()).isNull();
  }

  @Test
  void roomNamesAreAHashThenAPeerName() {
    assertThat(RoomNames.isRoom("#ops")).isTrue();
    assertThat(RoomNames.isRoom("ops")).isFalse();
    assertThat(RoomNames.valid("#ops.eu-1")).isTrue();
    assertThat(RoomNames.valid("#")).isFalse();
    assertThat(RoomNames.valid("#a b")).isFalse();
    assertThatThrownBy(() -> RoomNames.check("#a b"))
        .hasMessage(
            "invalid room name '#a b': use '#' then 1 to 64 letters, digits, '_', '.' or '-',"
                + " e.g. '#ops'");
  }

  @Test
  void aMemberTakesAnAuthorsMessagesInTheAuthorsOrder() {
    assertThat(Chain.judge(0, 1, 0)).isEqualTo(Chain.Verdict.TAKE);
    assertThat(Chain.judge(1, 3, 2)).isEqualTo(Chain.Verdict.WAIT);
    assertThat(Chain.judge(2, 3, 2)).isEqualTo(Chain.Verdict.TAKE);
    assertThat(Chain.judge(3, 2, 1)).isEqualTo(Chain.Verdict.DUPLICATE);
    // a member who joined late was owed nothing before seq 9
    assertThat(Chain.judge(0, 9, 0)).isEqualTo(Chain.Verdict.TAKE);
  }
}

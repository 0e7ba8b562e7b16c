package p2pchat.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DialGateTest {
  @Test
  void dialsBeyondTheLimitWaitTheirTurnInOrder() {
    DialGate gate = new DialGate(2);
    List<DialGate.Ticket> running = new ArrayList<>();
    List<String> order = new ArrayList<>();
    for (String name : List.of("a", "b", "c", "d")) {
      gate.enter(
          t -> {
            order.add(name);
            running.add(t);
          });
    }
    assertThat(order).containsExactly("a", "b");
    assertThat(gate.inUse()).isEqualTo(2);

    running.get(0).release();
    assertThat(order).containsExactly("a", "b", "c");
    running.get(0).release(); // twice: harmless, lets no one else in
    assertThat(order).containsExactly("a", "b", "c");
    assertThat(gate.inUse()).isEqualTo(2);

    running.get(1).release();
    running.get(2).release();
    running.get(3).release();
    assertThat(order).containsExactly("a", "b", "c", "d");
    assertThat(gate.inUse()).isZero();
  }

  @Test
  void aGateWithoutRoomIsRefused() {
    assertThatThrownBy(() -> new DialGate(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}

package p2pchat.agent.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecordCopiesTest {
  record Point(String name, int x, int y) {
    Point {
      if (x < 0) {
        throw new IllegalArgumentException("x must not be negative: " + x);
      }
    }
  }

  @Test
  void aCopyHasTheNamedComponentsChangedAndTheOthersKept() {
    Point p = new Point("a", 1, 2);
    assertThat(RecordCopies.with(p, "x", 5)).isEqualTo(new Point("a", 5, 2));
    assertThat(RecordCopies.with(p, "y", 7, "name", null)).isEqualTo(new Point(null, 1, 7));
    assertThat(p).isEqualTo(new Point("a", 1, 2));
  }

  @Test
  void aCopyIsCheckedByTheCanonicalConstructor() {
    assertThatThrownBy(() -> RecordCopies.with(new Point("a", 1, 2), "x", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x must not be negative: -1");
  }

  @Test
  void aNameTheRecordDoesNotHaveIsRefused() {
    assertThatThrownBy(() -> RecordCopies.with(new Point("a", 1, 2), "z", 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Point has no component among [z]");
  }
}

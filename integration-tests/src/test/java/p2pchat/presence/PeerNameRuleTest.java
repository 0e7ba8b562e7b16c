package p2pchat.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import p2pchat.agent.common.PeerNames;
import p2pchat.discovery.core.ApiException;
import p2pchat.discovery.core.PeerRules;

/**
 * The agent and the registry are separate deployables with a copy each of the peer-name rule
 * ({@code PeerNames}, {@code PeerRules}); this holds the two equal over a table of names, and their
 * refusals in the same words.
 */
class PeerNameRuleTest {
  static final List<String> VALID =
      List.of(
          "Sam",
          "a",
          "Z",
          "0",
          "_",
          ".",
          "-",
          "...",
          "carol.smith-2_b",
          "ABCxyz0189",
          "x".repeat(63),
          "x".repeat(64));

  static final List<String> INVALID =
      List.of(
          "",
          "x".repeat(65),
          "x".repeat(200),
          "bad name",
          " Sam",
          "Sam ",
          "Sam\n",
          "tab\there",
          "naïve",
          "é",
          "日本",
          "Ｓam", // full-width S
          "😀",
          "Σam",
          "Sam\u0000",
          "Sam\u200b", // zero-width space
          "İ");

  /** Every name of the table: the ones above, and each ASCII punctuation character inside one. */
  static List<String> names() {
    List<String> all = new ArrayList<>(VALID);
    all.addAll(INVALID);
    for (char c = ' '; c <= '~'; c++) {
      if (!Character.isLetterOrDigit(c)) {
        all.add("a" + c + "b");
        all.add(String.valueOf(c));
      }
    }
    return all;
  }

  @Test
  void theRegistryAndTheAgentAcceptExactlyTheSameNames() {
    SoftAssertions soft = new SoftAssertions();
    for (String name : names()) {
      soft.assertThat(PeerRules.validName(name))
          .as("registry on '%s' (length %d)", name, name.length())
          .isEqualTo(PeerNames.valid(name));
    }
    soft.assertThat(PeerRules.validName(null)).isFalse();
    soft.assertThat(PeerNames.valid(null)).isFalse();
    soft.assertAll();
  }

  @Test
  void theTableHoldsWhatItSays() {
    assertThat(VALID).allMatch(PeerNames::valid);
    assertThat(INVALID).noneMatch(PeerNames::valid);
    assertThat(PeerRules.MAX_NAME_LENGTH).isEqualTo(PeerNames.MAX_LENGTH);
    // of the punctuation, only '_', '.' and '-' are allowed
    assertThat(names().stream().filter(n -> n.length() == 1 && PeerNames.valid(n)).distinct())
        .containsExactlyInAnyOrder("a", "Z", "0", "_", ".", "-");
  }

  @Test
  void theRegistryRefusesABadNameInTheAgentsWords() {
    PeerRules rules = new PeerRules();
    SoftAssertions soft = new SoftAssertions();
    for (String name : names()) {
      if (PeerNames.valid(name)) {
        soft.assertThat(rules.name(name)).as("registry takes '%s'", name).isEqualTo(name);
        continue;
      }
      Throwable registry = catchThrowable(() -> rules.name(name));
      Throwable agent = catchThrowable(() -> PeerNames.check(name));
      soft.assertThat(registry).as("registry refuses '%s'", name).isInstanceOf(ApiException.class);
      soft.assertThat(agent)
          .as("agent refuses '%s'", name)
          .isInstanceOf(IllegalArgumentException.class);
      if (registry instanceof ApiException refusal && name.length() <= 80) {
        soft.assertThat(refusal.status()).isEqualTo(422);
        soft.assertThat(refusal.getMessage()).as("'%s'", name).isEqualTo(agent.getMessage());
      }
    }
    soft.assertAll();
  }

  @Test
  void aNameTheRuleAllowsMayStillBeReservedByTheRegistry() {
    assertThat(PeerNames.valid("changes")).isTrue();
    assertThat(PeerRules.validName("changes")).isTrue();
    assertThat(PeerRules.registrableName("changes")).isFalse();
    assertThatThrownBy(() -> new PeerRules().name("changes"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("reserved");
  }
}

package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import p2pchat.agent.common.DurationWords;

/** Scenarios and bot scripts share one vocabulary of duration words. */
class DurationCategoryTest {
  @Test
  void everyDurationWordOfTheBotDslWorksInScenariosToo() {
    Set<String> category =
        Arrays.stream(DurationCategory.class.getMethods())
            .map(Method::getName)
            .filter(n -> n.startsWith("get") && n.length() > 3)
            .map(n -> n.substring(3, 4).toLowerCase(Locale.ROOT) + n.substring(4))
            .collect(Collectors.toSet());
    category.remove("class");
    assertThat(category).containsExactlyInAnyOrderElementsOf(DurationWords.UNITS.keySet());
  }

  @Test
  void theWordsMeanTheSameInBoth() {
    assertThat(DurationCategory.getMs(250).toMillis()).isEqualTo(250);
    assertThat(DurationCategory.getS(1.5).toMillis()).isEqualTo(1500);
    assertThat(DurationCategory.getMinutes(2).toMillis()).isEqualTo(120_000);
    assertThat(DurationCategory.getH(1).toDuration()).isEqualTo(DurationWords.of(60, "minutes"));
  }
}

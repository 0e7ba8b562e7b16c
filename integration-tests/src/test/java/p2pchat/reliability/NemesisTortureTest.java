package p2pchat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2pchat.harness.ConsoleProgress;
import p2pchat.harness.ScenarioResult;
import p2pchat.harness.ScenarioRunner;

/**
 * The long fault schedule, scenarios/torture/nemesis-long.groovy (three minutes, five peers). Only
 * the {@code torture} profile runs it ({@code mvn -B verify -Ptorture -pl integration-tests -am});
 * the normal suite's pom excludes it and runs the short scenarios/nemesis-three-peers.groovy.
 */
class NemesisTortureTest {
  @Test
  void fivePeersUnderThreeMinutesOfSeededFaultsLoseNothing() {
    Path file = root().resolve("scenarios/torture/nemesis-long.groovy");
    List<ScenarioResult> results =
        new ScenarioRunner(
                Path.of("target", "scenario-reports").toAbsolutePath(),
                new ConsoleProgress(new PrintStream(System.out, true, StandardCharsets.UTF_8)))
            .run(file);
    assertThat(results).isNotEmpty();
    for (ScenarioResult r : results) {
      assertThat(r.outcome()).as(r.message()).isEqualTo(ScenarioResult.Outcome.PASSED);
    }
  }

  private static Path root() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("scenarios/torture"))) {
        return d;
      }
    }
    throw new IllegalStateException("no scenarios/torture above " + Path.of("").toAbsolutePath());
  }
}

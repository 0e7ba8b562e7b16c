package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file in scenarios/ is a test: it must pass, as it does from {@code bin/p2pchat scenario};
 * one that cannot run here (host peers without root) is a skipped test.
 */
class ScenarioFilesTest {

  @TestFactory
  Stream<DynamicTest> everyScenarioFilePasses() {
    ScenarioRunner runner =
        new ScenarioRunner(
            Scenarios.reports(),
            new ConsoleProgress(new PrintStream(System.out, true, StandardCharsets.UTF_8)));
    return Scenarios.all().stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    file.toUri(),
                    () -> {
                      List<ScenarioResult> results = runner.run(file);
                      assertThat(results).isNotEmpty();
                      for (ScenarioResult r : results) {
                        if (r.outcome() != ScenarioResult.Outcome.SKIPPED) {
                          assertThat(r.outcome())
                              .as("%s — %s\n%s", r.name(), r.took(), r.message())
                              .isEqualTo(ScenarioResult.Outcome.PASSED);
                        }
                      }
                      for (ScenarioResult r : results) { // host peers without root, for one
                        assumeTrue(
                            r.outcome() != ScenarioResult.Outcome.SKIPPED,
                            () -> r.name() + ": " + r.message());
                      }
                    }));
  }
}

package p2pchat.agent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every script in scripts/ has a test file beside it, and every one of those tests passes. */
class TestKitScriptsTest {
  private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();

  @Test
  void everyScriptHasATestFileBesideIt() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Path script : files(".groovy")) {
      String name = script.getFileName().toString();
      if (!name.endsWith(".test.groovy")
          && !Files.exists(
              script.resolveSibling(name.replaceFirst("\\.groovy$", ".test.groovy")))) {
        missing.add(name);
      }
    }
    assertThat(missing).as("scripts without a NAME.test.groovy beside them").isEmpty();
  }

  @Test
  void everyTestOfTheScriptsPasses() throws IOException {
    TestRunner runner = new TestRunner(SCRIPTS.getParent());
    List<TestResult> results = new ArrayList<>();
    for (Path file : files(".test.groovy")) {
      results.addAll(runner.run(file, r -> {}));
    }
    assertThat(results).hasSizeGreaterThanOrEqualTo(30);
    assertThat(results.stream().filter(r -> r.outcome() != TestResult.Outcome.PASSED))
        .as("tests of scripts/ that did not pass")
        .isEmpty();
  }

  private static List<Path> files(String suffix) throws IOException {
    try (Stream<Path> s = Files.list(SCRIPTS)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }
}

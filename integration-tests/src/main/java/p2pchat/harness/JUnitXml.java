package p2pchat.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import p2pchat.agent.testkit.JUnitReport;
import p2pchat.agent.testkit.TestResult;

/**
 * Scenario results as JUnit XML (one testsuite per file, one testcase per scenario, failures and
 * errors with their message, the steps as system-out), for CI dashboards; the XML is written by the
 * one writer, {@link JUnitReport}. Stateless.
 */
final class JUnitXml {
  private JUnitXml() {}

  static void write(Path file, List<ScenarioResult> results) throws IOException {
    Map<Path, List<JUnitReport.Case>> byFile = new LinkedHashMap<>();
    for (ScenarioResult r : results) {
      String suite = r.file().getFileName().toString();
      byFile
          .computeIfAbsent(r.file(), k -> new ArrayList<>())
          .add(
              new JUnitReport.Case(
                  "scenarios." + ScenarioRunner.stem(suite),
                  r.name(),
                  r.millis(),
                  outcome(r.outcome()),
                  r.message(),
                  steps(r)));
    }
    List<JUnitReport.Suite> suites = new ArrayList<>();
    byFile.forEach(
        (f, cases) -> suites.add(new JUnitReport.Suite(f.getFileName().toString(), cases)));
    JUnitReport.write(file, "p2pchat scenarios", suites);
  }

  private static TestResult.Outcome outcome(ScenarioResult.Outcome o) {
    return switch (o) {
      case PASSED -> TestResult.Outcome.PASSED;
      case SKIPPED -> TestResult.Outcome.SKIPPED;
      case FAILED -> TestResult.Outcome.FAILED;
      case ERROR -> TestResult.Outcome.ERROR;
    };
  }

  private static String steps(ScenarioResult r) {
    StringBuilder out = new StringBuilder();
    for (Timeline.Step s : r.steps()) {
      out.append(s.ok() ? "✓" : "✗")
          .append(" line ")
          .append(s.line())
          .append(' ')
          .append(s.label())
          .append(s.count() > 1 ? " ×" + s.count() : "")
          .append(' ')
          .append(s.took())
          .append('\n');
    }
    if (r.report() != null) {
      out.append("report: ").append(r.report().toAbsolutePath()).append('\n');
    }
    return out.toString();
  }
}

package p2pchat.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes scenario results as JUnit XML (one testsuite per file, one testcase per scenario, failures
 * and errors with their message, the steps as system-out), for CI dashboards. Stateless.
 */
final class JUnitXml {
  private JUnitXml() {}

  static void write(Path file, List<ScenarioResult> results) throws IOException {
    Map<Path, List<ScenarioResult>> byFile = new LinkedHashMap<>();
    results.forEach(r -> byFile.computeIfAbsent(r.file(), k -> new java.util.ArrayList<>()).add(r));
    StringBuilder x =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"p2pchat scenarios\">\n");
    byFile.forEach(
        (f, rs) -> {
          long failures =
              rs.stream().filter(r -> r.outcome() == ScenarioResult.Outcome.FAILED).count();
          long errors =
              rs.stream().filter(r -> r.outcome() == ScenarioResult.Outcome.ERROR).count();
          double time = rs.stream().mapToLong(ScenarioResult::millis).sum() / 1000d;
          String suite = f.getFileName().toString();
          x.append("  <testsuite name=\"")
              .append(esc(suite))
              .append("\" tests=\"")
              .append(rs.size())
              .append("\" failures=\"")
              .append(failures)
              .append("\" errors=\"")
              .append(errors)
              .append("\" time=\"")
              .append(time)
              .append("\">\n");
          for (ScenarioResult r : rs) {
            x.append("    <testcase classname=\"scenarios.")
                .append(esc(ScenarioRunner.stem(suite)))
                .append("\" name=\"")
                .append(esc(r.name()))
                .append("\" time=\"")
                .append(r.millis() / 1000d)
                .append("\">\n");
            if (r.outcome() != ScenarioResult.Outcome.PASSED) {
              String tag = r.outcome() == ScenarioResult.Outcome.FAILED ? "failure" : "error";
              String first = r.message() == null ? "" : r.message().lines().findFirst().orElse("");
              x.append("      <")
                  .append(tag)
                  .append(" message=\"")
                  .append(esc(first))
                  .append("\">")
                  .append(esc(r.message()))
                  .append("</")
                  .append(tag)
                  .append(">\n");
            }
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
            x.append("      <system-out>")
                .append(esc(out.toString()))
                .append("</system-out>\n    </testcase>\n");
          }
          x.append("  </testsuite>\n");
        });
    x.append("</testsuites>\n");
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(file, x, StandardCharsets.UTF_8);
  }

  private static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            b.append(' ');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}

package p2pchat.agent.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes bot test results as JUnit XML, for CI dashboards: one testsuite per test file, one
 * testcase per test, a failure or error with its message. Stateless.
 */
public final class JUnitReport {
  private JUnitReport() {}

  public static void write(Path file, List<TestResult> results) throws IOException {
    Map<Path, List<TestResult>> byFile = new LinkedHashMap<>();
    results.forEach(r -> byFile.computeIfAbsent(r.file(), k -> new ArrayList<>()).add(r));
    StringBuilder x =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"p2pchat bot tests\">\n");
    byFile.forEach(
        (f, rs) -> {
          String suite = f.getFileName().toString();
          x.append("  <testsuite name=\"")
              .append(esc(suite))
              .append("\" tests=\"")
              .append(rs.size())
              .append("\" failures=\"")
              .append(count(rs, TestResult.Outcome.FAILED))
              .append("\" errors=\"")
              .append(count(rs, TestResult.Outcome.ERROR))
              .append("\" time=\"")
              .append(seconds(rs.stream().mapToDouble(TestResult::millis).sum()))
              .append("\">\n");
          for (TestResult r : rs) {
            x.append("    <testcase classname=\"bots.")
                .append(esc(suite.replaceFirst("\\.test\\.groovy$|\\.groovy$", "")))
                .append("\" name=\"")
                .append(esc(r.name()))
                .append("\" time=\"")
                .append(seconds(r.millis()))
                .append("\"");
            if (r.outcome() == TestResult.Outcome.PASSED) {
              x.append("/>\n");
              continue;
            }
            String tag = r.outcome() == TestResult.Outcome.FAILED ? "failure" : "error";
            x.append(">\n      <")
                .append(tag)
                .append(" message=\"")
                .append(esc(r.message().lines().findFirst().orElse("")))
                .append("\">")
                .append(esc(r.message()))
                .append("</")
                .append(tag)
                .append(">\n    </testcase>\n");
          }
          x.append("  </testsuite>\n");
        });
    x.append("</testsuites>\n");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, x, StandardCharsets.UTF_8);
  }

  private static long count(List<TestResult> rs, TestResult.Outcome outcome) {
    return rs.stream().filter(r -> r.outcome() == outcome).count();
  }

  private static String seconds(double millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000);
  }

  private static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        default -> b.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
      }
    }
    return b.toString();
  }
}

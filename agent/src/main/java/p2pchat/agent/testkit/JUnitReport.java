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
 * Writes test results as JUnit XML, for CI dashboards: one testsuite per test file, one testcase
 * per test, a failure, error or skip with its message (the first line as the attribute), and a
 * system-out if the case has one. The one writer for the bot tests ({@link #write(Path, List)}) and
 * the scenario runner. Stateless.
 */
public final class JUnitReport {
  private JUnitReport() {}

  /** One testcase; {@code message} is null when it passed, {@code systemOut} null for none. */
  public record Case(
      String className,
      String name,
      double millis,
      TestResult.Outcome outcome,
      String message,
      String systemOut) {}

  /** One testsuite: a file's cases. */
  public record Suite(String name, List<Case> cases) {}

  /** The bot tests' results, one suite per test file, as {@code classname="bots.NAME"}. */
  public static void write(Path file, List<TestResult> results) throws IOException {
    Map<Path, List<Case>> byFile = new LinkedHashMap<>();
    for (TestResult r : results) {
      String stem =
          r.file().getFileName().toString().replaceFirst("\\.test\\.groovy$|\\.groovy$", "");
      byFile
          .computeIfAbsent(r.file(), k -> new ArrayList<>())
          .add(new Case("bots." + stem, r.name(), r.millis(), r.outcome(), r.message(), null));
    }
    List<Suite> suites = new ArrayList<>();
    byFile.forEach((f, cases) -> suites.add(new Suite(f.getFileName().toString(), cases)));
    write(file, "p2pchat bot tests", suites);
  }

  /** Writes {@code suites} under a testsuites element named {@code title}. */
  public static void write(Path file, String title, List<Suite> suites) throws IOException {
    StringBuilder x =
        new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"")
            .append(esc(title))
            .append("\">\n");
    for (Suite suite : suites) {
      List<Case> cs = suite.cases();
      x.append("  <testsuite name=\"")
          .append(esc(suite.name()))
          .append("\" tests=\"")
          .append(cs.size())
          .append("\" failures=\"")
          .append(count(cs, TestResult.Outcome.FAILED))
          .append("\" errors=\"")
          .append(count(cs, TestResult.Outcome.ERROR))
          .append("\" skipped=\"")
          .append(count(cs, TestResult.Outcome.SKIPPED))
          .append("\" time=\"")
          .append(seconds(cs.stream().mapToDouble(Case::millis).sum()))
          .append("\">\n");
      for (Case c : cs) {
        testcase(x, c);
      }
      x.append("  </testsuite>\n");
    }
    x.append("</testsuites>\n");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, x, StandardCharsets.UTF_8);
  }

  private static void testcase(StringBuilder x, Case c) {
    x.append("    <testcase classname=\"")
        .append(esc(c.className()))
        .append("\" name=\"")
        .append(esc(c.name()))
        .append("\" time=\"")
        .append(seconds(c.millis()))
        .append("\"");
    if (c.outcome() == TestResult.Outcome.PASSED && c.systemOut() == null) {
      x.append("/>\n");
      return;
    }
    x.append(">\n");
    if (c.outcome() != TestResult.Outcome.PASSED) {
      String tag =
          switch (c.outcome()) {
            case FAILED -> "failure";
            case SKIPPED -> "skipped";
            default -> "error";
          };
      String first = c.message() == null ? "" : c.message().lines().findFirst().orElse("");
      x.append("      <")
          .append(tag)
          .append(" message=\"")
          .append(esc(first))
          .append("\">")
          .append(esc(c.message()))
          .append("</")
          .append(tag)
          .append(">\n");
    }
    if (c.systemOut() != null) {
      x.append("      <system-out>").append(esc(c.systemOut())).append("</system-out>\n");
    }
    x.append("    </testcase>\n");
  }

  private static long count(List<Case> cs, TestResult.Outcome outcome) {
    return cs.stream().filter(c -> c.outcome() == outcome).count();
  }

  private static String seconds(double millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000);
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
        default -> b.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? ' ' : c);
      }
    }
    return b.toString();
  }
}

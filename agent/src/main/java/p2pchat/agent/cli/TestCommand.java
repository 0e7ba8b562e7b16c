package p2pchat.agent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import p2pchat.agent.testkit.JUnitReport;
import p2pchat.agent.testkit.TestResult;
import p2pchat.agent.testkit.TestRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code p2pchat test FILE... [--junit FILE]}: runs bot test files (docs/scripting.md, "Testing a
 * bot") in memory with virtual time. Prints each test as it ends and a summary line with the wall
 * time and the time per test; exit 0 if all passed, 1 if a test failed, 2 if a test file is wrong.
 * Not thread-safe (one run per instance).
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description =
        "Runs bot tests (FILE.test.groovy) in memory with virtual time: no network, no registry."
            + " Exit 0 all passed, 1 a test failed, 2 a test file is wrong.")
public final class TestCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Bot test files to run.")
  List<Path> files;

  @Option(names = "--junit", paramLabel = "FILE", description = "Also write JUnit XML here.")
  Path junit;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    // The kit reports what the bot did and how its handlers failed; the script's own log is noise.
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    root.setLevel(Level.ERROR);
    try {
      return run();
    } finally {
      root.setLevel(before);
    }
  }

  private int run() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    TestRunner runner = new TestRunner();
    List<TestResult> all = new ArrayList<>();
    for (Path file : files) {
      out.println(file);
      all.addAll(runner.run(file, r -> print(out, r)));
      out.flush();
    }
    double wall = (System.nanoTime() - started) / 1e6;
    out.println(summary(all, wall, runner.compileMillis()));
    out.flush();
    if (junit != null) {
      JUnitReport.write(junit, all);
    }
    if (all.stream().anyMatch(r -> r.outcome() == TestResult.Outcome.ERROR)) {
      return 2;
    }
    return all.stream().anyMatch(r -> r.outcome() == TestResult.Outcome.FAILED) ? 1 : 0;
  }

  private static void print(PrintWriter out, TestResult r) {
    String mark =
        switch (r.outcome()) {
          case PASSED -> "✓";
          case SKIPPED -> "○";
          case FAILED -> "✗";
          case ERROR -> "!";
        };
    boolean wholeFile = r.millis() == 0; // the file could not run: no test of it did
    out.println(
        "  " + mark + " " + (wholeFile ? "the file" : r.name() + " (" + ms(r.millis()) + ")"));
    if (r.message() != null) {
      r.message().lines().forEach(l -> out.println("      " + l));
    }
  }

  /**
   * {@code 26 tests: 26 passed, 0 failed, 0 errors in 812 ms; first test 95 ms, then 1.9 ms per
   * test}.
   */
  static String summary(List<TestResult> all, double wallMillis, double compileMillis) {
    List<TestResult> tests = all.stream().filter(r -> r.millis() > 0).toList();
    long passed = count(all, TestResult.Outcome.PASSED);
    long failed = count(all, TestResult.Outcome.FAILED);
    long errors = count(all, TestResult.Outcome.ERROR);
    StringBuilder s =
        new StringBuilder()
            .append(tests.size())
            .append(tests.size() == 1 ? " test: " : " tests: ")
            .append(passed)
            .append(" passed, ")
            .append(failed)
            .append(" failed, ")
            .append(errors)
            .append(errors == 1 ? " error" : " errors")
            .append(" in ")
            .append(ms(wallMillis))
            .append(" (compiling the files and their bots ")
            .append(ms(compileMillis))
            .append(")");
    if (!tests.isEmpty()) {
      s.append("; first test ").append(ms(tests.get(0).millis()));
    }
    if (tests.size() > 1) {
      List<TestResult> rest = tests.subList(1, tests.size());
      double mean = rest.stream().mapToDouble(TestResult::millis).average().orElse(0);
      double max = rest.stream().mapToDouble(TestResult::millis).max().orElse(0);
      s.append(", then ")
          .append(ms(mean))
          .append(" per test (at most ")
          .append(ms(max))
          .append(")");
    }
    return s.toString();
  }

  private static long count(List<TestResult> all, TestResult.Outcome outcome) {
    return all.stream().filter(r -> r.outcome() == outcome).count();
  }

  private static String ms(double millis) {
    return millis >= 100
        ? String.format(Locale.ROOT, "%.0f ms", millis)
        : String.format(Locale.ROOT, "%.1f ms", millis);
  }
}

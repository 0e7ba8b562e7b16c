package p2pchat.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code p2pchat scenario FILE... [--report DIR] [--junit FILE] [--history FILE]}: runs scenario
 * files and exits 0 when every check passed, 1 when a check failed, 2 when a scenario itself is
 * wrong. {@code p2pchat scenario --check FILE} re-runs the checkers on a saved history instead.
 */
@Command(
    name = "scenario",
    mixinStandardHelpOptions = true,
    description =
        "Run scenario files (see docs/scenarios.md): peers, faults and checks; exit 0 pass, 1 a check failed, 2 a scenario is wrong.")
public final class ScenarioCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "FILE",
      arity = "0..*",
      description = "scenario files or folders of them (e.g. scenarios/)")
  List<Path> files;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      defaultValue = "scenario-reports",
      description = "where to write one HTML report per scenario (default: ${DEFAULT-VALUE})")
  Path report;

  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description = "also write the results as JUnit XML")
  Path junit;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "the seed of every nemesis(...) schedule, instead of the files' (replays one)")
  Long seed;

  @Option(
      names = "--history",
      paramLabel = "FILE",
      description =
          "also write every send, store, handle, ACK, fault and heal as JSON lines (for --check)")
  Path history;

  @Option(
      names = "--check",
      paramLabel = "FILE",
      description = "re-run every checker on a history saved with --history; exit 0 pass, 1 fail")
  Path check;

  @Override
  public Integer call() throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (check != null) {
      if (files != null && !files.isEmpty()) {
        out.println("--check FILE takes no scenario files; valid: p2pchat scenario --check FILE");
        return 2;
      }
      return SavedHistoryCheck.run(check, out);
    }
    if (files == null || files.isEmpty()) {
      out.println(
          "no scenario file given; valid: p2pchat scenario FILE... or p2pchat scenario --check FILE");
      return 2;
    }
    if (history != null) {
      HistoryFile.create(history);
    }
    return run(files, report, junit, seed != null ? seed : Long.getLong("p2pchat.seed"), history);
  }

  static int run(List<Path> files, Path report, Path junit) throws IOException {
    return run(files, report, junit, Long.getLong("p2pchat.seed"));
  }

  static int run(List<Path> files, Path report, Path junit, Long seed) throws IOException {
    return run(files, report, junit, seed, null);
  }

  static int run(List<Path> files, Path report, Path junit, Long seed, Path history)
      throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ConsoleLogging.quiet();
    List<ScenarioResult> results =
        new ScenarioRunner(report, new ConsoleProgress(out), seed, history)
            .run(ScenarioRunner.expand(files));
    if (junit != null) {
      JUnitXml.write(junit, results);
    }
    long passed =
        results.stream().filter(r -> r.outcome() == ScenarioResult.Outcome.PASSED).count();
    long skipped =
        results.stream().filter(r -> r.outcome() == ScenarioResult.Outcome.SKIPPED).count();
    if (results.size() > 1) {
      out.println(
          passed
              + " of "
              + results.size()
              + " scenarios passed"
              + (skipped > 0 ? ", " + skipped + " skipped" : ""));
    }
    return ScenarioResult.exitCode(results);
  }
}

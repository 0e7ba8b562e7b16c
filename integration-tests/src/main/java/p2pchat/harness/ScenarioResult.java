package p2pchat.harness;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one scenario: passed, skipped (it cannot run here, e.g. host peers without root:
 * exit 0), failed (a check did not hold: exit 1) or error (the scenario itself is wrong: exit 2),
 * with the message to show, the steps, the last log lines of each peer, the number of messages
 * recorded and where its HTML report is. Immutable.
 */
public record ScenarioResult(
    Path file,
    String name,
    Outcome outcome,
    long millis,
    String message,
    List<Timeline.Step> steps,
    Map<String, List<String>> logTails,
    int messages,
    Path report) {

  /** Passed, skipped, failed or error, with the exit code each maps to. */
  public enum Outcome {
    PASSED(0),
    SKIPPED(0),
    FAILED(1),
    ERROR(2);

    private final int exitCode;

    Outcome(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  /** This result with its HTML report at {@code report} (null: none). */
  public ScenarioResult withReport(Path report) {
    return new ScenarioResult(
        file, name, outcome, millis, message, steps, logTails, messages, report);
  }

  public Span took() {
    return new Span(millis * 1_000_000L);
  }

  /** The exit code for a run of several scenarios: the worst outcome wins. */
  public static int exitCode(List<ScenarioResult> results) {
    return results.stream().mapToInt(r -> r.outcome().exitCode()).max().orElse(0);
  }
}

package p2pchat.agent.testkit;

import java.nio.file.Path;

/**
 * One test of a bot test file, run: passed, skipped (it cannot run here; only scenarios are skipped
 * today, e.g. host peers without root), failed (an expectation not met: {@code message} says where,
 * what was expected and what happened) or error (the test file itself is wrong: {@code message}
 * names its file and line). A file that cannot be read or compiled is one ERROR result named after
 * the file. Immutable.
 */
public record TestResult(Path file, String name, Outcome outcome, double millis, String message) {
  public enum Outcome {
    PASSED,
    SKIPPED,
    FAILED,
    ERROR
  }
}

package p2pchat.harness;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Live progress on a terminal: each step with ✓ or ✗, its source line and how long it took; then
 * the verdict, and on failure the values that made it fail and the last log lines of each peer.
 * Thread-safe (one print at a time).
 */
public final class ConsoleProgress implements Progress {
  private static final int LOG_LINES = 8;
  private final PrintStream out;

  public ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void scenarioStarted(ScenarioSource source, String name) {
    out.println("▶ " + source.fileName() + " — " + name);
    out.flush();
  }

  @Override
  public synchronized void stepDone(Timeline.Step s) {
    String label = s.label() + (s.count() > 1 ? "  ×" + s.count() : "");
    out.printf("  %s line %3d  %-76s %8s%n", s.ok() ? "✓" : "✗", s.line(), label, s.took());
    out.flush();
  }

  @Override
  public synchronized void scenarioFinished(ScenarioResult r) {
    String mark =
        switch (r.outcome()) {
          case PASSED -> "✓";
          case SKIPPED -> "○";
          case FAILED, ERROR -> "✗";
        };
    out.println(
        mark
            + " "
            + r.outcome()
            + " in "
            + r.took()
            + " — "
            + r.name()
            + (r.messages() > 0
                ? " (" + r.messages() + (r.messages() == 1 ? " message)" : " messages)")
                : ""));
    if (r.message() != null) {
      out.println(indent(r.message()));
    }
    if (r.outcome() == ScenarioResult.Outcome.FAILED
        || r.outcome() == ScenarioResult.Outcome.ERROR) {
      for (Map.Entry<String, List<String>> e : r.logTails().entrySet()) {
        List<String> lines = e.getValue();
        if (!lines.isEmpty()) {
          out.println("    last log lines of " + e.getKey() + ":");
          lines
              .subList(Math.max(0, lines.size() - LOG_LINES), lines.size())
              .forEach(l -> out.println("      " + l));
        }
      }
    }
    if (r.report() != null) {
      out.println("  report: " + r.report().toAbsolutePath());
    }
    out.println();
    out.flush();
  }

  private static String indent(String text) {
    return "    " + text.replace("\n", "\n    ");
  }
}

package p2pchat.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code p2pchat scenario --check FILE}: every checker the end of a scenario runs, run again on a
 * history saved with {@code --history} (no peers, no waiting: the history is final). Prints each
 * checker's count and, when one fails, the messages it names. Exit 0 every checker passed, 1 one
 * failed, 2 the file is not a saved history. Stateless.
 */
final class SavedHistoryCheck {
  private SavedHistoryCheck() {}

  static int run(Path file, PrintStream out) {
    List<HistoryFile.Saved> saved;
    try {
      saved = HistoryFile.read(file);
    } catch (NoSuchFileException e) {
      out.println("(" + file + ") no such file; valid: a file written by --history FILE");
      return 2;
    } catch (IOException e) {
      out.println("(" + file + ") " + e.getMessage() + "; valid: a file written by --history FILE");
      return 2;
    }
    if (saved.isEmpty()) {
      out.println("(" + file + ") holds no scenario; valid: a file written by --history FILE");
      return 2;
    }
    boolean ok = true;
    for (HistoryFile.Saved s : saved) {
      long faults = s.marks().stream().filter(m -> HistoryFile.FAULTS.contains(m.kind())).count();
      long heals = s.marks().stream().filter(m -> HistoryFile.HEALS.contains(m.kind())).count();
      out.println(
          "▶ "
              + s.scenario()
              + " — "
              + s.history().flows().size()
              + " messages, "
              + faults
              + " faults, "
              + heals
              + " heals");
      boolean passed = true;
      for (HistoryCheckers.Outcome o : HistoryCheckers.all(s.history(), s.expectedExpired())) {
        out.println("  " + o.line());
        if (!o.ok()) {
          out.println(o.failure().indent(4).stripTrailing());
          passed = false;
        }
      }
      out.println(passed ? "✓ PASSED" : "✗ FAILED");
      ok &= passed;
    }
    return ok ? 0 : 1;
  }
}

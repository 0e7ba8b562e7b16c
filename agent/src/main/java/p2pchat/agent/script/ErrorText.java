package p2pchat.agent.script;

import org.codehaus.groovy.syntax.SyntaxException;

/**
 * The parts of the one-line error texts that bot scripts and bot tests both show: a compile error
 * as {@code (reminder.groovy, line 12, column 5) Unexpected input: '{' (and 2 more)}, any message
 * on one line. Stateless and thread-safe.
 */
public final class ErrorText {
  private ErrorText() {}

  /** The first of {@code errorCount} errors, a syntax error at {@code x}, in {@code fileName}. */
  public static String syntax(String fileName, SyntaxException x, int errorCount) {
    return "("
        + fileName
        + ", line "
        + x.getLine()
        + ", column "
        + x.getStartColumn()
        + ") "
        + oneLine(x.getOriginalMessage())
        + more(errorCount);
  }

  /** {@code " (and N more)"} after the first of {@code errorCount} errors; empty for one. */
  public static String more(int errorCount) {
    return errorCount > 1 ? " (and " + (errorCount - 1) + " more)" : "";
  }

  /** {@code text} on one line: its line breaks, and the blanks around them, made one space. */
  public static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}

package p2pchat.agent.script;

/**
 * A bot script could not be loaded: its message is one line that names the file and, where known,
 * the line and column, e.g. {@code (reminder.groovy, line 12, column 5) Unexpected input}.
 * Immutable.
 */
public final class ScriptException extends RuntimeException {

  public ScriptException(String message) {
    super(message);
  }

  public ScriptException(String message, Throwable cause) {
    super(message, cause);
  }
}

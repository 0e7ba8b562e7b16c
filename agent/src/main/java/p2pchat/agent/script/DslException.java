package p2pchat.agent.script;

/**
 * A script used a DSL word wrongly (an unknown word, {@code reply} outside a message handler, a bad
 * option). The message says what was wrong and what is allowed; the host adds the file and line.
 * Immutable.
 */
public final class DslException extends RuntimeException {

  public DslException(String message) {
    super(message);
  }

  public DslException(String message, Throwable cause) {
    super(message, cause);
  }
}

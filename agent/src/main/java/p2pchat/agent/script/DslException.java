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

  /**
   * For Groovy's {@code propertyMissing}: {@code thing} ("a message") has no property {@code name};
   * {@code has} lists the ones it has.
   */
  static DslException noProperty(String thing, String name, String has) {
    return new DslException(thing + " has no '" + name + "'; it has: " + has);
  }
}

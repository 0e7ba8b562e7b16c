package p2pchat.harness;

/**
 * A check of the scenario did not hold: exit code 1. The message carries the values that made it
 * fail (which messages were lost, the measured p99, ...). Immutable.
 */
public final class CheckFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  public CheckFailure(String message) {
    super(message);
  }

  public CheckFailure(String message, Throwable cause) {
    super(message, cause);
  }
}

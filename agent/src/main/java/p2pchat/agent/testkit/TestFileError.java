package p2pchat.agent.testkit;

/** A bot test file that is wrong in itself; the message names its file and line. Immutable. */
final class TestFileError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TestFileError(String message) {
    super(message, null, false, false);
  }
}

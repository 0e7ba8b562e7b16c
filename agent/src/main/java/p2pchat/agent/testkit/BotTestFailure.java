package p2pchat.agent.testkit;

/**
 * An expectation of a bot test that was not met: what was expected and what happened, for the test
 * runner to print Spock-style and for JUnit to report as a failure. Immutable.
 */
public final class BotTestFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final String expected;
  private final String actual;

  BotTestFailure(String what, String expected, String actual) {
    super(what + "\n  expected: " + expected + "\n  actual:   " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}

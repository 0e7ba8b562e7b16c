package p2pchat.harness;

/**
 * The scenario cannot run here and says why in one line ({@code skipped: peer('Carol', host: true)
 * needs root and ip (iproute2); this run is not root}): neither a pass nor a failure, exit code 0,
 * a skipped test in JUnit. Immutable.
 */
final class ScenarioSkipped extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ScenarioSkipped(String line) {
    super(line, null, false, false);
  }
}

package p2pchat.harness;

import java.util.Collection;

/**
 * The scenario file itself is wrong (unknown peer, bad argument, a word used out of place): exit
 * code 2. The message says what was wrong; {@code valid} lists what is allowed. The runner adds
 * "(file, line N)". Immutable.
 */
public final class ScenarioError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String valid;

  public ScenarioError(String what, String valid) {
    super(what);
    this.valid = valid;
  }

  public ScenarioError(String what, Collection<?> valid) {
    this(what, String.join(", ", valid.stream().map(String::valueOf).toList()));
  }

  public ScenarioError(String what) {
    this(what, (String) null);
  }

  /** What is allowed instead, or null. */
  public String valid() {
    return valid;
  }

  /** "what; valid: a, b" — the runner prefixes the position. */
  public String describe() {
    return valid == null || valid.isEmpty() ? getMessage() : getMessage() + "; valid: " + valid;
  }
}

package p2pchat.harness;

/**
 * The answer of a history query such as {@code carol.received('hello', from: 'Sam')}: true or false
 * in Groovy conditions, and printed with the evidence ("false: Carol has 2 from Sam: 'hi', 'bye'")
 * so that a failed check shows why. Immutable.
 */
public record Verdict(boolean ok, String evidence) {

  public static Verdict of(boolean ok, String evidence) {
    return new Verdict(ok, evidence);
  }

  /** Groovy truth: {@code if (carol.received('x'))}, {@code !carol.received('x')}. */
  public boolean asBoolean() {
    return ok;
  }

  @Override
  public String toString() {
    return ok + " (" + evidence + ")";
  }
}

package p2pchat.agent;

/**
 * One call of an agent's behavior as its listeners see it, once the call's round has committed:
 * what it handled, how long the behavior ran, and whether it threw (its {@code error} hook then
 * ran; a message it was called for still counts as handled). Immutable.
 */
public record HandlerCall(Kind kind, long nanos, boolean failed) {
  /** What the behavior was called for. */
  public enum Kind {
    MESSAGE,
    EVENT,
    TIMER,
    /** A call from outside, e.g. a script's webhook ({@link Agent#callBehavior}). */
    REQUEST
  }
}

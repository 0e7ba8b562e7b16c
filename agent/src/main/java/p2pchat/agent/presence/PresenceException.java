package p2pchat.agent.presence;

/** A presence failure a user must act on; the message is one line saying what to do. */
public final class PresenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PresenceException(String message) {
    super(message, null, false, false);
  }
}

package p2pchat.agent;

/** An agent could not start or do what was asked; the message is one line meant for a user. */
public final class AgentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AgentException(String message) {
    super(message);
  }

  public AgentException(String message, Throwable cause) {
    super(message, cause);
  }
}

package p2pchat.agent.transport;

/**
 * The transport could not do what was asked (e.g. bind its port); the message is one line for the
 * user.
 */
public final class TransportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}

package p2pchat.agent.store;

/**
 * A storage failure a user can act on: the message is one line saying what went wrong and what to
 * do (the data directory is in use, the database cannot be opened, the store is closed). The
 * underlying exception, if any, is the cause. Immutable.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

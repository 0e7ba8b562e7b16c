package p2pchat.agent.presence;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A registry call that failed: either the registry answered with an error status (and its
 * {@code {code, message}} body), or it did not answer at all (status 0: refused, reset,
 * timed out). Immutable.
 */
final class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  RegistryException(int status, String code, String message, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
    this.code = code;
  }

  /** 0 when no HTTP answer came back. */
  int status() {
    return status;
  }

  /** The registry's error code, or null. */
  String code() {
    return code;
  }

  /** True when the registry did not answer or answered with a server error: worth retrying. */
  boolean unreachable() {
    return status == 0 || status >= 500;
  }

  /** Unwraps a future's failure into a RegistryException (wrapping anything else). */
  static RegistryException of(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof RegistryException re) {
      return re;
    }
    String why = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    return new RegistryException(0, null, why, t);
  }
}

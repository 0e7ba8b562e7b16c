package p2pchat.discovery.tls;

/** The registry's keystore cannot be used; the message is one line saying what to do. Immutable. */
public final class TlsSetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TlsSetupException(String message) {
    super(message);
  }

  TlsSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}

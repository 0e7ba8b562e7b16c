package p2pchat.agent.presence;

import p2pchat.agent.common.Causes;

/**
 * A registry call that failed: either the registry answered with an error status (and its {@code
 * {code, message}} body), or it did not answer at all (status 0: refused, reset, timed out).
 * Immutable.
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

  /**
   * What was wrong with the registry's TLS, as the one line a user sees, or null when TLS was not
   * the trouble. These do not heal by retrying: a certificate not trusted, or an https URL for a
   * registry that serves plain HTTP.
   */
  String tlsProblem(String registry) {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof java.security.cert.CertificateException c) {
        return "registry " + registry + " is not trusted: " + untrusted(c.getMessage());
      }
    }
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException
          && t.getMessage() != null
          && t.getMessage().contains("Unsupported or unrecognized SSL message")) {
        return "registry "
            + registry
            + " does not answer in TLS; use an http:// URL if it serves plain HTTP, "
            + "or start it with --https";
      }
    }
    return null;
  }

  private static String untrusted(String reason) {
    String why = reason == null ? "its certificate was refused" : reason.replaceAll("\\s+", " ");
    if (why.startsWith("PKIX path")) {
      return "its certificate does not chain to a CA this JVM trusts; pin it with --registry-fingerprint "
          + "(the registry prints it at start) or give --registry-truststore FILE";
    }
    if (why.startsWith("No subject alternative") || why.startsWith("No name matching")) {
      return why
          + "; use a host name or address its certificate names, or give the registry a certificate "
          + "that names this one";
    }
    return why;
  }

  /** Unwraps a future's failure into a RegistryException (wrapping anything else). */
  static RegistryException of(Throwable failure) {
    Throwable t = Causes.unwrap(failure);
    if (t instanceof RegistryException re) {
      return re;
    }
    String why =
        t.getMessage() == null
            ? t.getClass().getSimpleName()
            : t.getClass().getSimpleName() + ": " + t.getMessage();
    return new RegistryException(0, null, why, t);
  }
}

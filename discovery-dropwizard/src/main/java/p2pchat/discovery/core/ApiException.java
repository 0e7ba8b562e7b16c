package p2pchat.discovery.core;

/**
 * A request the registry refuses: an HTTP status and one line saying what was wrong and what to do.
 * Answered as {@code {code, message}}. Immutable.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  private ApiException(int status, String message) {
    super(message, null, false, false); // a refusal, not a fault: no stack trace to fill
    this.status = status;
  }

  /** The HTTP status the resources answer with (4xx). */
  public int status() {
    return status;
  }

  /** 400: the body is not the JSON we expect. */
  public static ApiException badRequest(String format, Object... args) {
    return new ApiException(400, String.format(format, args));
  }

  /** 401: the request is not signed, badly signed, too old or replayed. */
  public static ApiException unauthorized(String format, Object... args) {
    return new ApiException(401, String.format(format, args));
  }

  /** 403: the registry takes registrations with a token it knows only, and this has none. */
  public static ApiException forbidden(String format, Object... args) {
    return new ApiException(403, String.format(format, args));
  }

  /** 404: no such peer. */
  public static ApiException notFound(String format, Object... args) {
    return new ApiException(404, String.format(format, args));
  }

  /** 409: the name belongs to another key, or the session is not the current one. */
  public static ApiException conflict(String format, Object... args) {
    return new ApiException(409, String.format(format, args));
  }

  /** 422: well-formed JSON with a value the registry does not accept. */
  public static ApiException invalid(String format, Object... args) {
    return new ApiException(422, String.format(format, args));
  }
}

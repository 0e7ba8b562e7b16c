package p2pchat.discovery.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Answer to {@code POST /v1/leases}: the lease length, and per renewal, in the request's order,
 * either the next token or why it was refused ({@code code} an HTTP status, {@code message} one
 * line). Immutable.
 */
public record Renewed(long leaseMillis, List<Result> renewals) {
  /** One renewal's outcome. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Result(String name, String leaseToken, Integer code, String message) {
    public static Result renewed(String name, String leaseToken) {
      return new Result(name, leaseToken, null, null);
    }

    public static Result refused(String name, int code, String message) {
      return new Result(name, null, code, message);
    }
  }
}

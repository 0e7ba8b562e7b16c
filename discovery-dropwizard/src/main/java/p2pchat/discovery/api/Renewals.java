package p2pchat.discovery.api;

import java.util.List;

/**
 * {@code POST /v1/leases}: renewals of many leases in one request, each by the lease token its
 * previous renewal (or signed heartbeat) issued. Immutable.
 */
public record Renewals(List<Renewal> renewals) {
  /** One lease to renew: the session's name and epoch and its current token. */
  public record Renewal(String name, Long epoch, String leaseToken) {}
}

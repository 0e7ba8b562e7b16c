package p2pchat.discovery.api;

/**
 * Answer to a registration: the new session's epoch and the token for its first cheap renewal
 * ({@code POST /v1/leases}). Immutable.
 */
public record Registered(long epoch, String leaseToken) {}

package p2pchat.discovery.api;

/**
 * Answer to a signed heartbeat: how long the lease lasts from now, the session's epoch, and the
 * token for the next cheap renewal ({@code POST /v1/leases}). Immutable.
 */
public record Lease(long leaseMillis, long epoch, String leaseToken) {}

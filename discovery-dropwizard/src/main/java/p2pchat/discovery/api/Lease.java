package p2pchat.discovery.api;

/** Answer to a heartbeat: how long the lease lasts from now, and the session's epoch. Immutable. */
public record Lease(long leaseMillis, long epoch) {}

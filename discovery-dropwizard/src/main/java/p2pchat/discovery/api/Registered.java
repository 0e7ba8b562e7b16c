package p2pchat.discovery.api;

/** Answer to a registration: the new session's epoch. Immutable. */
public record Registered(long epoch) {}

package p2pchat.discovery.api;

/** Body of {@code PUT /v1/peers/{name}/presence}; fields are null when missing. Immutable. */
public record Heartbeat(String host, Integer port, Long epoch) {}

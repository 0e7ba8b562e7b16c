package p2pchat.discovery.api;

/**
 * Body of {@code POST /v1/peers}; fields are null when missing and checked by the registry.
 * Immutable.
 */
public record RegisterRequest(String name, String publicKey, String host, Integer port) {}

package p2pchat.discovery.api;

/**
 * A peer as the registry shows it. Immutable.
 *
 * @param status {@code online}, {@code away} or {@code unreachable}
 * @param lastSeen epoch milliseconds of the last sign of life, or null
 */
public record Peer(
    String name,
    String publicKey,
    String host,
    int port,
    String status,
    Long lastSeen,
    long epoch) {}

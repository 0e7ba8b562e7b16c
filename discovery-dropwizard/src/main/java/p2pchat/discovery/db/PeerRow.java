package p2pchat.discovery.db;

import p2pchat.discovery.api.Peer;

/**
 * One row of the {@code peers} table, tombstones included; lastSeen and leaseExpiresAt may be null.
 * Immutable.
 *
 * @param status online, away, unreachable or deleted
 * @param lastTimestamp the newest signed-request timestamp accepted for this name (replay guard)
 * @param version the registry version of this row's last visible change
 */
public record PeerRow(
    String name,
    String publicKey,
    String host,
    int port,
    String status,
    Long lastSeen,
    Long leaseExpiresAt,
    long epoch,
    long lastTimestamp,
    long version) {

  public static final String DELETED = "deleted";

  public boolean deleted() {
    return DELETED.equals(status);
  }

  /** The public shape; a tombstone shows as {@code away}, the closest state a watcher knows. */
  public Peer toPeer() {
    return new Peer(name, publicKey, host, port, deleted() ? "away" : status, lastSeen, epoch);
  }
}

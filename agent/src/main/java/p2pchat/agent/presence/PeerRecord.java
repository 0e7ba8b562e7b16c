package p2pchat.agent.presence;

import java.security.PublicKey;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.identity.Keys;

/**
 * One peer as the registry describes it (the JSON "peer" of docs/registry-api.md, field names
 * exact): status is {@code online}, {@code away} or {@code unreachable}; lastSeen is epoch ms or
 * null; epoch is the peer's current registration session. Immutable.
 */
public record PeerRecord(
    String name,
    String publicKey,
    String host,
    int port,
    String status,
    Long lastSeen,
    long epoch) {

  public static final String ONLINE = "online";
  public static final String AWAY = "away";
  public static final String UNREACHABLE = "unreachable";

  public PeerInfo info() {
    return new PeerInfo(name, status, host, port, lastSeen);
  }

  /**
   * The key the registry holds for this name; throws IllegalArgumentException if it is not Ed25519.
   */
  public PublicKey key() {
    return Keys.decode(publicKey);
  }

  public boolean online() {
    return ONLINE.equals(status);
  }

  public PeerRecord withStatus(String newStatus) {
    return new PeerRecord(name, publicKey, host, port, newStatus, lastSeen, epoch);
  }
}

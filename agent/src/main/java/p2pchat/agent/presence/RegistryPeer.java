package p2pchat.agent.presence;

import java.security.PublicKey;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.identity.Keys;

/**
 * What the registry says about a peer: the JSON "peer" of docs/registry-api.md, field names exact,
 * key as text and the registration epoch included — unlike {@link PeerInfo} (the public API's view,
 * no key), {@code transport.DialTarget} (only where to dial and the decoded key) and {@code
 * store.RememberedPeer} (what the agent keeps on disk). Status is one of {@link PeerInfo#ONLINE},
 * {@link PeerInfo#AWAY}, {@link PeerInfo#UNREACHABLE}; lastSeen is epoch ms or null. Immutable.
 */
public record RegistryPeer(
    String name,
    String publicKey,
    String host,
    int port,
    String status,
    Long lastSeen,
    long epoch) {

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
    return PeerInfo.ONLINE.equals(status);
  }

  public RegistryPeer withStatus(String newStatus) {
    return new RegistryPeer(name, publicKey, host, port, newStatus, lastSeen, epoch);
  }
}

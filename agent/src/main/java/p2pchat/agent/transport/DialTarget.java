package p2pchat.agent.transport;

import java.security.PublicKey;
import java.util.Objects;

/**
 * Where to dial a peer and the key its handshake must prove, already decoded: all the transport
 * needs of a peer, unlike the registry's full record ({@code presence.RegistryPeer}) or what the
 * store remembers ({@code store.RememberedPeer}). Immutable.
 */
public record DialTarget(String name, String host, int port, PublicKey publicKey) {
  public DialTarget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(publicKey, "publicKey");
  }
}

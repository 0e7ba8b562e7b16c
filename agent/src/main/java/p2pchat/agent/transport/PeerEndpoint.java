package p2pchat.agent.transport;

import java.security.PublicKey;
import java.util.Objects;

/** Where a peer listens and the key the registry holds for its name. Immutable. */
public record PeerEndpoint(String name, String host, int port, PublicKey publicKey) {
  public PeerEndpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(publicKey, "publicKey");
  }
}

package p2pchat.agent.store;

import java.util.Objects;

/**
 * The last address and key this agent learnt for a peer, kept so that it can carry on when the
 * registry is down after a restart. {@code host}/{@code port} may be null (never seen online).
 * Immutable.
 */
public record KnownPeer(String name, String publicKey, String host, Integer port, long updatedAt) {
  public KnownPeer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(publicKey, "publicKey");
  }
}

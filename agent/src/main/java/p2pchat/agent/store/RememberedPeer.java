package p2pchat.agent.store;

import java.util.Objects;

/**
 * What the store remembers of a peer this agent talks to: the last address and key it learnt, and
 * when, so that it can carry on when the registry is down after a restart — a row of the {@code
 * peers} table, unlike the registry's live record ({@code presence.RegistryPeer}). {@code
 * host}/{@code port} may be null (never seen online). Immutable.
 */
public record RememberedPeer(
    String name, String publicKey, String host, Integer port, long updatedAt) {
  public RememberedPeer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(publicKey, "publicKey");
  }
}

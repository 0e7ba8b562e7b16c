package p2pchat.agent.presence;

/**
 * What {@link Presence} tells its agent. {@code peerChanged} calls come one at a time, in the order
 * the changes were applied; {@code registryReachable} may come from another thread. Both run on
 * HTTP client threads with MDC {@code agent} set, so they must be quick and must not block (hand
 * work to the agent's own executors). An exception thrown here is logged and ignored.
 */
public interface PresenceListener {

  /**
   * A peer's record changed: every change seen, the whole first list from the registry included
   * (then {@code before} may equal {@code now}, or be a record seeded from disk). The status may be
   * unchanged when only the address, key or epoch changed; compare {@code before.status()} with
   * {@code now.status()} to raise online/offline events. This agent's own record comes through here
   * as well.
   *
   * @param before the record known before, null if the peer was unknown
   */
  void peerChanged(RegistryPeer before, RegistryPeer now);

  /**
   * Whether {@code peerChanged} would do anything for {@code peer} now; asked before each call, so
   * it must be cheap. Five thousand agents in one process see every peer come and go: an agent that
   * neither talks to a peer nor raises events about peers skips the call. Presence still knows the
   * peer's record either way.
   */
  default boolean cares(String peer) {
    return true;
  }

  /**
   * The peers {@link #cares} may be true for now, when few enough to list (each is still asked);
   * null, the default, when it may care about any peer. An agent joining a process whose view holds
   * five thousand peers is then told of the few it cares about without asking about every one.
   */
  default java.util.Collection<String> caredPeers() {
    return null;
  }

  /** The registry started or stopped answering. */
  default void registryReachable(boolean reachable) {}
}

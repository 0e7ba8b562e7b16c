package p2pchat.agent;

/**
 * Observes an agent from outside (the chat console, the scenario harness). Callbacks run on the
 * agent's own threads and must return quickly; they see only committed facts.
 */
public interface AgentListener {

  /** Messages were received and committed, in order. */
  default void received(java.util.List<Message> messages) {}

  /** A peer completed a handshake with this agent. */
  default void peerConnected(String peer) {}

  /** The registry reported a change of a peer (status, address). */
  default void peerChanged(PeerInfo peer) {}

  /**
   * Messages were committed to the outbox: sent from Java or a command, or by a handler's round. A
   * room's message counts once, whatever the number of members.
   */
  default void queued(java.util.List<Message> messages) {}

  /** The behavior ran these calls, and the round they belong to committed. */
  default void handled(java.util.List<HandlerCall> calls) {}

  default void delivered(java.util.List<Message> messages) {}

  default void expired(java.util.List<Message> messages) {}

  /**
   * The script file changed and was compiled again: {@code error} is null when the new version took
   * over.
   */
  default void scriptReloaded(java.nio.file.Path file, String error) {}

  /** The agent stopped, gracefully or not. */
  default void stopped() {}
}

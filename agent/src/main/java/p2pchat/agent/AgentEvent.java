package p2pchat.agent;

/** Something that happened to an agent other than a message arriving. Immutable. */
public sealed interface AgentEvent {

  record PeerOnline(String peer) implements AgentEvent {}

  record PeerOffline(String peer, String status) implements AgentEvent {}

  record Delivered(Message message) implements AgentEvent {}

  record Expired(Message message) implements AgentEvent {}

  /** This agent is now a member of {@code room} ({@code #ops}): created, or invited. */
  record Joined(String room) implements AgentEvent {}

  /** This agent is no longer a member of {@code room}: it left, or the owner removed it. */
  record Left(String room) implements AgentEvent {}
}

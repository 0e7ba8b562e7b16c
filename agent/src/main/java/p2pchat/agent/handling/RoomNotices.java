package p2pchat.agent.handling;

import p2pchat.agent.AgentEvent;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomHeader;

/**
 * A stored membership that changed whether this agent is in a room becomes the {@code joined} or
 * {@code left} event, handled exactly once like a message (the store keeps only those in the inbox:
 * docs/rooms.md). Stateless.
 */
final class RoomNotices {
  private RoomNotices() {}

  /** The event {@code m} stands for, or null for a message to hand to {@code on message}. */
  static AgentEvent of(String me, Message m) {
    RoomHeader h = m.roomHeader();
    if (h == null || h.type() != RoomHeader.MEMBERSHIP) {
      return null;
    }
    Membership next = Membership.fromJson(h.roomName(), h.version(), m.text());
    return next.includes(me)
        ? new AgentEvent.Joined(h.roomName())
        : new AgentEvent.Left(h.roomName());
  }
}

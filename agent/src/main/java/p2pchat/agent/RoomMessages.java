package p2pchat.agent;

import java.util.ArrayList;
import java.util.List;
import p2pchat.agent.rooms.RoomHeader;

/** What of a room's traffic users see: its messages, not the memberships beside them. Stateless. */
final class RoomMessages {
  private RoomMessages() {}

  static boolean isMembership(Message m) {
    return m.roomHeader() != null && m.roomHeader().type() != RoomHeader.MESSAGE;
  }

  static List<Message> withoutMemberships(List<Message> messages) {
    for (Message m : messages) {
      if (isMembership(m)) {
        List<Message> kept = new ArrayList<>(messages.size());
        messages.stream().filter(x -> !isMembership(x)).forEach(kept::add);
        return kept;
      }
    }
    return messages;
  }
}

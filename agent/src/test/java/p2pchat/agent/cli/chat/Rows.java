package p2pchat.agent.cli.chat;

import java.util.List;
import java.util.Map;
import p2pchat.agent.Message;
import p2pchat.agent.Message.Direction;
import p2pchat.agent.Message.Status;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomHeader;

/** Stored rows as the store hands them out, made by hand for tests. Stateless. */
final class Rows {
  private Rows() {}

  static Message direct(String id, String from, String to, Direction d, Status s, String text) {
    return new Message(id, from, to, d, 1, text, null, s, 1_000, null, false, null);
  }

  /** One member's copy of a room message {@code from} wrote, stored by whoever has it. */
  static Message room(
      String id, String room, String from, String to, Direction d, Status s, String text) {
    RoomHeader h =
        new RoomHeader(RoomHeader.MESSAGE, room.substring(1), from, 1, 1, 0, Map.of(), new byte[0]);
    return new Message(id, from, to, d, 1, text, null, s, 1_000, null, false, null, h);
  }

  /** A membership row of version {@code version} with {@code members} (the first owns it). */
  static Message membership(
      String id, String room, long version, String to, Direction d, String... members) {
    Membership m = new Membership(room, members[0], version, List.of(members));
    RoomHeader h =
        new RoomHeader(
            RoomHeader.MEMBERSHIP,
            room.substring(1),
            members[0],
            0,
            version,
            0,
            Map.of(),
            new byte[0]);
    Status s = d == Direction.OUT ? Status.DELIVERED : Status.HANDLED;
    return new Message(id, members[0], to, d, 1, m.toJson(), null, s, 1_000, null, false, null, h);
  }
}

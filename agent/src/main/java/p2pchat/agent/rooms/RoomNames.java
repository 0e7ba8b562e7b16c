package p2pchat.agent.rooms;

import p2pchat.agent.common.PeerNames;

/**
 * The room-name rule: {@code #} then a peer name ({@link PeerNames}). A destination that starts
 * with {@code #} is a room, any other a peer. Stateless.
 */
public final class RoomNames {
  private RoomNames() {}

  /** True if {@code destination} names a room (starts with {@code #}), valid or not. */
  public static boolean isRoom(String destination) {
    return destination != null && destination.startsWith("#");
  }

  public static boolean valid(String room) {
    return isRoom(room) && PeerNames.valid(room.substring(1));
  }

  /** Returns the name, or throws with the one message that says what a room name may be. */
  public static String check(String room) {
    if (!valid(room)) {
      throw new IllegalArgumentException(
          "invalid room name '"
              + room
              + "': use '#' then 1 to 64 letters, digits, '_', '.' or '-', e.g. '#ops'");
    }
    return room;
  }

  /** {@code #ops} → {@code ops}, the form on the wire. */
  public static String bare(String room) {
    return check(room).substring(1);
  }

  /** {@code ops} → {@code #ops}. */
  public static String of(String bare) {
    return "#" + PeerNames.check(bare);
  }
}

package p2pchat.agent.store;

import java.util.Objects;
import p2pchat.agent.common.PeerNames;
import p2pchat.agent.rooms.RoomNames;

/**
 * A message to queue for sending: the store assigns its id and seq. {@code dataJson} and {@code
 * expiresAt} (epoch ms) may be null; {@code offline} says the receiver was not online when it was
 * queued. {@code to} is a peer or a room ({@code #ops}). Immutable.
 */
public record Outgoing(String to, String text, String dataJson, Long expiresAt, boolean offline) {
  public Outgoing {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(text, "text");
    if (RoomNames.isRoom(to)) {
      RoomNames.check(to);
    } else {
      PeerNames.check(to);
    }
  }

  /** A plain text message that never expires, queued while the receiver is online. */
  public static Outgoing text(String to, String text) {
    return new Outgoing(to, text, null, null, false);
  }
}

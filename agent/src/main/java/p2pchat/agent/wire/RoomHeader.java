package p2pchat.agent.wire;

import java.util.Map;
import java.util.Objects;

/**
 * What makes a MSG a room's: which room, who wrote it, where it stands in its author's sequence,
 * and under which membership version. Immutable (the map and the signature are not copied: treat
 * them as read-only). docs/rooms.md has the rules; docs/protocol.md the bytes.
 *
 * <p>{@code type} {@link #MESSAGE}: a room message by {@code author}, its {@code authorSeq}-th in
 * {@code room}, sent to the members of membership {@code version}. A member's previous message of
 * this author's is {@code prev} (0: none) unless {@code prevs} names that member with another one —
 * so each member can put the author's messages in order, whichever member passed them on.
 *
 * <p>{@code type} {@link #MEMBERSHIP}: the room's member list, version {@code version}, from its
 * owner {@code author}; the MSG text is the list as JSON. {@code authorSeq}, {@code prev} are 0.
 */
public record RoomHeader(
    int type,
    String room,
    String author,
    long authorSeq,
    long version,
    long prev,
    Map<String, Long> prevs,
    byte[] signature) {
  public static final int MESSAGE = 0;
  public static final int MEMBERSHIP = 1;

  public RoomHeader {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(prevs, "prevs");
    Objects.requireNonNull(signature, "signature");
  }

  /** The previous message of this author's that {@code member} was owed, 0 if none. */
  public long prevFor(String member) {
    Long p = prevs.get(member);
    return p != null ? p : prev;
  }

  public boolean isMembership() {
    return type == MEMBERSHIP;
  }
}

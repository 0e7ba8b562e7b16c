package p2pchat.agent;

import java.util.Objects;
import p2pchat.agent.rooms.RoomHeader;

/**
 * One chat message as stored by an agent, in either direction. Immutable and thread-safe.
 *
 * <p>{@code seq} numbers the messages of one sender to one receiver (1, 2, 3 ...); the pair (from,
 * to, seq) and {@code id} each identify a message. {@code data} is optional JSON text. {@code
 * offline} is set by the sender when it queued the message while the receiver was not online, so
 * the receiver can print "Offline message from X" above such runs.
 *
 * <p>A room's message has a {@code roomHeader} ({@link #room()} is then {@code #name}): an outgoing
 * one is one member's copy ({@code to} the member; every member's copy has the same {@code id}), an
 * incoming one has its author as {@code from}, whichever member passed it on. docs/rooms.md.
 */
public record Message(
    String id,
    String from,
    String to,
    Direction direction,
    long seq,
    String text,
    String data,
    Status status,
    long sentAt,
    Long receivedAt,
    boolean offline,
    Long expiresAt,
    RoomHeader roomHeader) {

  /** Which way a message went, seen from the agent that stores it. */
  public enum Direction {
    OUT,
    IN;

    public String dbName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Outgoing: QUEUED, SENT, DELIVERED or EXPIRED. Incoming: RECEIVED, then HANDLED; a room message
   * whose author's earlier message has not come yet is WAITING until it does.
   */
  public enum Status {
    QUEUED,
    SENT,
    DELIVERED,
    EXPIRED,
    RECEIVED,
    HANDLED,
    WAITING;

    public String dbName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Message {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(status, "status");
  }

  /** A direct message (no room). */
  public Message(
      String id,
      String from,
      String to,
      Direction direction,
      long seq,
      String text,
      String data,
      Status status,
      long sentAt,
      Long receivedAt,
      boolean offline,
      Long expiresAt) {
    this(
        id,
        from,
        to,
        direction,
        seq,
        text,
        data,
        status,
        sentAt,
        receivedAt,
        offline,
        expiresAt,
        null);
  }

  /** The room ({@code #ops}) of a room's message, null for a direct one. */
  public String room() {
    return roomHeader == null ? null : roomHeader.roomName();
  }

  /** The other party: the receiver of an outgoing message, the sender of an incoming one. */
  public String peer() {
    return direction == Direction.OUT ? to : from;
  }

  public Message withStatus(Status newStatus) {
    return new Message(
        id,
        from,
        to,
        direction,
        seq,
        text,
        data,
        newStatus,
        sentAt,
        receivedAt,
        offline,
        expiresAt,
        roomHeader);
  }
}

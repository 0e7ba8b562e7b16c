package p2pchat.agent.store;

import p2pchat.agent.Message;

/**
 * One row of the {@code messages} table, column for column; {@link #toMessage} adds the agent's
 * own name to make a {@link Message}. Immutable.
 */
public record MessageRow(
    String id,
    String peer,
    String direction,
    long seq,
    String text,
    String data,
    String status,
    long sentAt,
    Long receivedAt,
    boolean offline,
    Long expiresAt) {

  static MessageRow of(Message m) {
    return new MessageRow(
        m.id(), m.peer(), m.direction().dbName(), m.seq(), m.text(), m.data(), m.status().dbName(),
        m.sentAt(), m.receivedAt(), m.offline(), m.expiresAt());
  }

  Message toMessage(String self) {
    boolean out = direction.equals("out");
    return new Message(
        id, out ? self : peer, out ? peer : self, out ? Message.Direction.OUT : Message.Direction.IN, seq, text, data,
        status(status), sentAt, receivedAt, offline, expiresAt);
  }

  private static Message.Status status(String dbName) {
    return switch (dbName) {
      case "queued" -> Message.Status.QUEUED;
      case "sent" -> Message.Status.SENT;
      case "delivered" -> Message.Status.DELIVERED;
      case "expired" -> Message.Status.EXPIRED;
      case "received" -> Message.Status.RECEIVED;
      case "handled" -> Message.Status.HANDLED;
      default -> throw new IllegalStateException("unknown message status in the database: " + dbName);
    };
  }
}

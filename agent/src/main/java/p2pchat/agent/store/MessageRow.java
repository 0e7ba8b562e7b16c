package p2pchat.agent.store;

import java.util.Locale;
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
    Message.Direction dir = Message.Direction.valueOf(direction.toUpperCase(Locale.ROOT));
    boolean out = dir == Message.Direction.OUT;
    return new Message(
        id, out ? self : peer, out ? peer : self, dir, seq, text, data,
        Message.Status.valueOf(status.toUpperCase(Locale.ROOT)), sentAt, receivedAt, offline, expiresAt);
  }
}

package p2pchat.agent;

import p2pchat.agent.Message.Direction;
import p2pchat.agent.Message.Status;

/**
 * Direct messages made by hand for tests, as the store or the wire hands them out: no data, not
 * offline, no expiry, no room header. Stateless.
 */
public final class MessageRows {
  private MessageRows() {}

  /** A message {@code from} sent and {@code to} received (IN, RECEIVED). */
  public static Message received(
      String id, String from, String to, long seq, String text, long sentAt, Long receivedAt) {
    return row(Direction.IN, Status.RECEIVED, id, from, to, seq, text, sentAt, receivedAt);
  }

  /** A message {@code from} sends {@code to}, as its sender keeps it (OUT, not received). */
  public static Message sent(
      String id, String from, String to, long seq, String text, Status status, long sentAt) {
    return row(Direction.OUT, status, id, from, to, seq, text, sentAt, null);
  }

  private static Message row(
      Direction d,
      Status s,
      String id,
      String from,
      String to,
      long seq,
      String text,
      long at,
      Long receivedAt) {
    return new Message(id, from, to, d, seq, text, null, s, at, receivedAt, false, null);
  }
}

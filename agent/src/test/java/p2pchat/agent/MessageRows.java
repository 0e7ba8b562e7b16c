package p2pchat.agent;

import p2pchat.agent.Message.Direction;
import p2pchat.agent.Message.Status;

/**
 * Direct messages made by hand for tests, as the store or the wire hands them out: no data, not
 * offline, no expiry, no room header. Stateless.
 */
public final class MessageRows {
  private MessageRows() {}

  /** A direct message {@code from} sent {@code to}, as a row of the given direction and status. */
  public static Message direct(
      String id,
      String from,
      String to,
      Direction direction,
      long seq,
      String text,
      Status status,
      long sentAt,
      Long receivedAt) {
    return new Message(
        id, from, to, direction, seq, text, null, status, sentAt, receivedAt, false, null);
  }
}

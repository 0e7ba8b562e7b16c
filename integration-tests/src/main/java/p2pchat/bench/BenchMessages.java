package p2pchat.bench;

import p2pchat.agent.Message;

/**
 * The messages the benchmarks make up without an agent: a plain outgoing text (no data, no room, no
 * expiry, not queued offline) stamped now. Stateless.
 */
public final class BenchMessages {
  private BenchMessages() {}

  /** {@code from}'s text to {@code to}, number {@code seq} of the pair, in {@code status}. */
  public static Message outgoing(
      String id, String from, String to, long seq, String text, Message.Status status) {
    return new Message(
        id,
        from,
        to,
        Message.Direction.OUT,
        seq,
        text,
        null,
        status,
        System.currentTimeMillis(),
        null,
        false,
        null);
  }
}

package p2pchat.agent.transport;

import java.util.List;
import p2pchat.agent.Message;

/**
 * The sender's side of the store, as the transport sees it. Every call runs on the transport's
 * blocking executor, never on an event loop; calls for one peer come one at a time, in order (a
 * {@code sent} is always issued before an {@code acked} covering it).
 */
public interface Outbox {
  /**
   * QUEUED/SENT rows to {@code peer} with seq > afterSeq, ordered by seq, unexpired, at most {@code
   * limit}.
   */
  List<Message> pending(String peer, long afterSeq, int limit);

  /**
   * What {@link #pending} would return, if the answer is at hand without blocking (in memory); else
   * null. Called on an event loop, so it must never wait.
   */
  default List<Message> pendingIfAtHand(String peer, long afterSeq, int limit) {
    return null;
  }

  /**
   * Rows fromSeq..toSeq to {@code peer} were written to the network (QUEUED becomes SENT). May be
   * async inside.
   */
  void sent(String peer, long fromSeq, long toSeq);

  /** The receiver committed every message to it up to {@code uptoSeq}. */
  void acked(String peer, long uptoSeq);
}

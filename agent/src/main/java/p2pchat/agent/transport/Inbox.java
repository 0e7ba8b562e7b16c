package p2pchat.agent.transport;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import p2pchat.agent.Message;

/**
 * The receiver's side of the store, as the transport sees it. Both methods are called on an event
 * loop and must not block: hand the work to the agent's own threads and return.
 */
public interface Inbox {
  /** {@code peer} completed a handshake with us (proved its key). */
  void connected(String peer);

  /**
   * A batch from {@code from}, in seq order (IN, to = this agent, status RECEIVED). The future
   * completes once the batch is committed; only then is it acknowledged. A failed future closes the
   * connection so the sender sends again. Seqs may repeat earlier ones after a reconnect.
   */
  CompletableFuture<?> receive(String from, List<Message> batch);

  /**
   * As {@link #receive(String, List)}, for a batch that follows another on the same connection,
   * whose last seq was {@code afterSeq} (0 for a connection's first batch). Several batches of one
   * connection wait for their commits at once; if an earlier one fails, a later one must fail too
   * instead of being stored past the hole (the sender resends from the hole, and the receiver
   * ignores seqs at or below the highest it stored). Store it only if everything up to {@code
   * afterSeq} from {@code from} is stored.
   */
  default CompletableFuture<?> receive(String from, List<Message> batch, long afterSeq) {
    return receive(from, batch);
  }
}

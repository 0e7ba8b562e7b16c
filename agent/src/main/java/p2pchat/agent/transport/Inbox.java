package p2pchat.agent.transport;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import p2pchat.agent.Message;

/**
 * The receiver's side of the store, as the transport sees it. Both methods are called on an
 * event loop and must not block: hand the work to the agent's own threads and return.
 */
public interface Inbox {
  /** {@code peer} completed a handshake with us (proved its key). */
  void connected(String peer);

  /**
   * A batch from {@code from}, in seq order (IN, to = this agent, status RECEIVED). The future
   * completes once the batch is committed; only then is it acknowledged. A failed future closes
   * the connection so the sender sends again. Seqs may repeat earlier ones after a reconnect.
   */
  CompletableFuture<?> receive(String from, List<Message> batch);
}

package p2pchat.agent.delivery;

import java.util.List;
import java.util.function.Consumer;
import p2pchat.agent.Message;
import p2pchat.agent.store.Store;
import p2pchat.agent.transport.Outbox;

/**
 * The sender's side: pending rows in seq order; acknowledgements mark them delivered. {@code
 * expired} and {@code delivered} hear of the rows that turned so.
 */
public record StoreOutbox(
    Store store, Consumer<List<Message>> expired, Consumer<List<Message>> delivered)
    implements Outbox {
  @Override
  public List<Message> pending(String peer, long afterSeq, int limit) {
    // A time-to-live bounds how long a message may wait to be sent. Once on the wire (SENT) it
    // stays until acknowledged: the receiver may already have it, so it must not turn "expired".
    long now = store.now();
    List<Message> rows = store.pendingOut(peer, afterSeq, limit);
    if (rows.stream().anyMatch(m -> isExpired(m, now))) {
      store.expireDue(now).thenAccept(expired);
      return rows.stream().filter(m -> !isExpired(m, now)).toList();
    }
    return rows;
  }

  private static boolean isExpired(Message m, long now) {
    return m.status() == Message.Status.QUEUED && m.expiresAt() != null && m.expiresAt() < now;
  }

  @Override
  public List<Message> pendingIfAtHand(String peer, long afterSeq, int limit) {
    return store.pendingOutInMemory(peer, afterSeq, limit);
  }

  @Override
  public void sent(String peer, long fromSeq, long toSeq) {
    store.markSent(peer, toSeq); // rows leave in seq order: sent is a watermark
  }

  @Override
  public void acked(String peer, long uptoSeq) {
    store.markDelivered(peer, uptoSeq).thenAccept(delivered);
  }
}

package p2pchat.agent.delivery;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import p2pchat.agent.Message;
import p2pchat.agent.store.Store;
import p2pchat.agent.transport.Inbox;

/**
 * The receiver's side: a batch is committed before the transport acknowledges it, and {@code
 * received} hears of what was stored (new rows only). With {@code handledOnArrival} (no behavior to
 * hand messages to) rows are stored as handled at once.
 */
public record StoreInbox(
    Store store,
    boolean handledOnArrival,
    Consumer<String> connected,
    Consumer<List<Message>> received)
    implements Inbox {
  @Override
  public void connected(String peer) {
    connected.accept(peer);
  }

  @Override
  public CompletableFuture<?> receive(String from, List<Message> batch) {
    return receive(from, batch, 0);
  }

  @Override
  public CompletableFuture<?> receive(String from, List<Message> batch, long afterSeq) {
    return store.receive(from, batch, afterSeq, handledOnArrival).thenAccept(received);
  }
}

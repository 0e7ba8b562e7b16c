package p2pchat.bench.network;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import p2pchat.agent.Message;
import p2pchat.agent.transport.Inbox;

/** The benchmark's inbox with storage switched off: counts, commits at once. Thread-safe. */
final class CountingInbox implements Inbox {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private final AtomicLong count = new AtomicLong();

  @Override
  public void connected(String peer) {}

  @Override
  public CompletableFuture<?> receive(String from, List<Message> batch) {
    count.addAndGet(batch.size());
    return DONE;
  }

  long count() {
    return count.get();
  }
}

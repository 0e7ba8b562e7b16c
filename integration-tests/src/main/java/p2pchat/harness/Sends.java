package p2pchat.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import p2pchat.agent.Message;

/**
 * The sends of one scenario, from the story and its traffic: those still on their way to being
 * durably queued, and those the harness was promised (what the history checkers hold the peers to).
 * Thread-safe.
 */
final class Sends {
  private final Map<String, Message> promised = new ConcurrentHashMap<>();
  private final List<CompletableFuture<Message>> inflight = new ArrayList<>(); // guarded by itself
  private final AtomicLong count = new AtomicLong();

  void track(CompletableFuture<Message> queued) {
    count.incrementAndGet();
    synchronized (inflight) {
      inflight.add(queued);
    }
    queued.whenComplete(
        (m, e) -> {
          if (m != null) {
            promised.put(m.id(), m);
          }
          synchronized (inflight) {
            inflight.remove(queued);
          }
        });
  }

  /** Waits, at most {@code within}, until every send tracked so far is queued or has failed. */
  void await(Span within) {
    CompletableFuture<?>[] pending;
    synchronized (inflight) {
      pending = inflight.toArray(CompletableFuture[]::new);
    }
    try {
      CompletableFuture.allOf(pending).get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // a failed send is not owed; one still pending is judged as it stands
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How many sends were tracked: a checker that passed need not run again unless this grew. */
  long count() {
    return count.get();
  }

  List<Message> promised() {
    return List.copyOf(promised.values());
  }
}

package p2pchat.agent.presence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import p2pchat.agent.presence.RegistryJson.Renewal;
import p2pchat.agent.presence.RegistryJson.RenewalResult;

/**
 * The cheap lease renewals of every agent of a process on one registry
 * (docs/adr/0006-cheap-lease-renewals.md): each agent hands in its renewal, and one request ({@code
 * POST /v1/leases}) at a time, after a short linger, carries all that are waiting: a thousand
 * agents' renewals share a few requests a second instead of a thousand signed ones. Thread-safe;
 * owns no thread (the shared scheduler times each request).
 */
final class LeaseRenewer {
  /** No more than the registry takes in one request. */
  static final int MAX_BATCH = 5_000;

  /** One renewal's answer and the lease length the registry granted. */
  record Outcome(long leaseMillis, RenewalResult result) {
    boolean renewed() {
      return result.leaseToken() != null;
    }
  }

  private record Ask(Renewal renewal, CompletableFuture<Outcome> answer) {}

  private final RegistryClient client;
  private final ScheduledExecutorService scheduler;
  private final long lingerMillis;
  private final ConcurrentLinkedQueue<Ask> waiting = new ConcurrentLinkedQueue<>();

  /** True from when a request is timed until its answer is handed out: one at a time. */
  private final AtomicBoolean armed = new AtomicBoolean();

  /**
   * @param linger how long a renewal waits for others to share its request: the renewals of one
   *     process then take at most one request per {@code linger}, however many agents it runs
   */
  LeaseRenewer(RegistryClient client, ScheduledExecutorService scheduler, Duration linger) {
    this.client = client;
    this.scheduler = scheduler;
    this.lingerMillis = linger.toMillis();
  }

  /** A tenth of the heartbeat, at most 50 ms: small beside a lease, long enough to share. */
  static Duration lingerFor(Duration heartbeat) {
    return Duration.ofMillis(Math.min(50, heartbeat.toMillis() / 10));
  }

  /**
   * Renews the lease of {@code name}'s session {@code epoch} with {@code token}, in the next
   * request. Fails as the request fails (registry unreachable, or refused as a whole).
   */
  CompletableFuture<Outcome> renew(String name, long epoch, String token) {
    CompletableFuture<Outcome> answer = new CompletableFuture<>();
    waiting.add(new Ask(new Renewal(name, epoch, token), answer));
    arm();
    return answer;
  }

  private void arm() {
    if (waiting.isEmpty() || !armed.compareAndSet(false, true)) {
      return;
    }
    try {
      scheduler.schedule(this::send, lingerMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the process is shutting down: nobody will renew anything any more
      for (Ask a = waiting.poll(); a != null; a = waiting.poll()) {
        a.answer()
            .completeExceptionally(
                new RegistryException(0, null, "the process is shutting down", e));
      }
      armed.set(false);
    }
  }

  private void send() {
    List<Ask> batch = new ArrayList<>();
    for (Ask a = waiting.poll(); a != null; a = batch.size() < MAX_BATCH ? waiting.poll() : null) {
      batch.add(a);
    }
    CompletableFuture<RegistryJson.Renewed> request;
    try {
      request = client.renew(batch.stream().map(Ask::renewal).toList());
    } catch (RuntimeException e) {
      request = CompletableFuture.failedFuture(e);
    }
    request.whenComplete(
        (renewed, failure) -> {
          try {
            answer(batch, renewed, failure);
          } finally {
            armed.set(false);
            arm();
          }
        });
  }

  private static void answer(List<Ask> batch, RegistryJson.Renewed renewed, Throwable failure) {
    if (failure == null && renewed.renewals().size() != batch.size()) {
      failure =
          new RegistryException(
              502,
              null,
              "the registry answered "
                  + renewed.renewals().size()
                  + " renewals for "
                  + batch.size()
                  + " asked",
              null);
    }
    for (int i = 0; i < batch.size(); i++) {
      CompletableFuture<Outcome> answer = batch.get(i).answer();
      if (failure != null) {
        answer.completeExceptionally(failure);
      } else {
        answer.complete(new Outcome(renewed.leaseMillis(), renewed.renewals().get(i)));
      }
    }
  }
}

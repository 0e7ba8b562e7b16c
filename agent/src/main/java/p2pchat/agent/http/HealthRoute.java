package p2pchat.agent.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import p2pchat.agent.Agent;
import p2pchat.agent.common.Causes;

/**
 * {@code GET /health}: 200 with the store's, the registry's and the links' state as JSON, or 503
 * when the store does not take writes (its probe, an empty write transaction, has not committed
 * within {@link #PROBE_WAIT} or failed). Concurrent checks share one probe, so a monitor polling
 * hard cannot queue work for the writer. Thread-safe.
 */
final class HealthRoute implements HttpRoute {
  static final Duration PROBE_WAIT = Duration.ofSeconds(1);

  private final Agent agent;
  private final AtomicReference<CompletableFuture<Void>> probe = new AtomicReference<>();

  HealthRoute(Agent agent) {
    this.agent = agent;
  }

  @Override
  public CompletableFuture<HttpReply> answer(HttpRequest request) {
    return sharedProbe()
        .orTimeout(PROBE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .handle((ok, failure) -> reply(failure == null ? null : problem(failure)));
  }

  private CompletableFuture<Void> sharedProbe() {
    while (true) {
      CompletableFuture<Void> running = probe.get();
      if (running != null && !running.isDone()) {
        return running.thenApply(v -> v); // a copy: orTimeout must not fail the shared one
      }
      CompletableFuture<Void> mine = new CompletableFuture<>();
      if (probe.compareAndSet(running, mine)) {
        try {
          agent.probeStore().whenComplete((v, e) -> complete(mine, e));
        } catch (RuntimeException e) {
          mine.completeExceptionally(e);
        }
        return mine.thenApply(v -> v);
      }
    }
  }

  private static void complete(CompletableFuture<Void> probe, Throwable failure) {
    if (failure == null) {
      probe.complete(null);
    } else {
      probe.completeExceptionally(failure);
    }
  }

  private String problem(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof TimeoutException) {
      return "no write committed within "
          + PROBE_WAIT.toMillis()
          + " ms: another process may hold the write lock of "
          + agent.databaseFile();
    }
    return Causes.oneLine(cause);
  }

  private HttpReply reply(String storeProblem) {
    Map<String, Object> store = new LinkedHashMap<>();
    store.put("writable", storeProblem == null);
    store.put("file", agent.databaseFile().toString());
    if (storeProblem != null) {
      store.put("problem", storeProblem);
    }
    Map<String, Object> registry = new LinkedHashMap<>();
    registry.put("url", agent.config().discovery().toString());
    registry.put("reachable", agent.registryReachable());
    registry.put("peersKnown", agent.peersKnown());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", storeProblem == null ? "ok" : "failing");
    body.put("agent", agent.name());
    body.put("store", store);
    body.put("registry", registry);
    body.put("links", agent.linkStates());
    return HttpReply.json(storeProblem == null ? 200 : 503, body);
  }
}

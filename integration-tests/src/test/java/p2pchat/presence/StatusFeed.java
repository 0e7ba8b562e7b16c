package p2pchat.presence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Follows a registry's change feed ({@code GET /v1/peers/changes}) from the version it has when
 * this starts, on a thread of its own: every status any peer takes, as {@code name:status}.
 * Thread-safe; one per test, ended by {@link #stop}.
 */
final class StatusFeed {
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final AtomicBoolean watching = new AtomicBoolean(true);
  private final CompletableFuture<Void> watcher;

  /** Starts following; {@code get} answers a path and query of the registry with its JSON. */
  StatusFeed(Function<String, JsonNode> get) {
    long from = get.apply("/v1/peers").get("version").asLong();
    watcher =
        CompletableFuture.runAsync(
            () -> {
              long since = from;
              while (watching.get()) {
                JsonNode answer = get.apply("/v1/peers/changes?since=" + since + "&wait=300ms");
                answer
                    .get("changes")
                    .forEach(
                        p -> seen.add(p.get("name").asText() + ":" + p.get("status").asText()));
                since = answer.get("version").asLong();
              }
            });
  }

  /** Stops following (the last poll ends within 5 s) and returns every status seen. */
  List<String> stop() throws Exception {
    watching.set(false);
    watcher.get(5, TimeUnit.SECONDS);
    return seen;
  }
}

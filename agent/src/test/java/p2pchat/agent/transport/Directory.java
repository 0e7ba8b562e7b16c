package p2pchat.agent.transport;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Test fixture: a registry in memory, name to endpoint. Thread-safe. */
final class Directory implements PeerResolver {
  private final Map<String, DialTarget> endpoints = new ConcurrentHashMap<>();

  void put(DialTarget endpoint) {
    endpoints.put(endpoint.name(), endpoint);
  }

  @Override
  public CompletableFuture<Optional<DialTarget>> resolve(String name) {
    return CompletableFuture.completedFuture(Optional.ofNullable(endpoints.get(name)));
  }
}

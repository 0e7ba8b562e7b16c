package p2pchat.agent.transport;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import p2pchat.agent.identity.Identity;

/** Test fixture: a registry in memory, name to endpoint. Thread-safe. */
final class Directory implements PeerResolver {
  private final Map<String, DialTarget> endpoints = new ConcurrentHashMap<>();

  void put(DialTarget endpoint) {
    endpoints.put(endpoint.name(), endpoint);
  }

  /**
   * A new identity for {@code name}, registered at an address nobody listens on: a peer that only
   * dials (a test's sender or attacker).
   */
  Identity enrol(String name) {
    Identity identity = Identity.generate();
    put(new DialTarget(name, "127.0.0.1", 1, identity.publicKey()));
    return identity;
  }

  @Override
  public CompletableFuture<Optional<DialTarget>> resolve(String name) {
    return CompletableFuture.completedFuture(Optional.ofNullable(endpoints.get(name)));
  }
}

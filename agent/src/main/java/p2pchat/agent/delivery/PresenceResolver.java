package p2pchat.agent.delivery;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import p2pchat.agent.presence.Presence;
import p2pchat.agent.presence.RegistryPeer;
import p2pchat.agent.transport.DialTarget;
import p2pchat.agent.transport.PeerResolver;

/**
 * Finds a peer's address and key through presence (cached, so it works with the registry down) and
 * hands each found record to {@code found} (the agent remembers the peers it talks to).
 */
public record PresenceResolver(Presence presence, Consumer<RegistryPeer> found, Set<String> stale)
    implements PeerResolver {
  public PresenceResolver(Presence presence, Consumer<RegistryPeer> found) {
    this(presence, found, ConcurrentHashMap.newKeySet());
  }

  @Override
  public CompletableFuture<Optional<DialTarget>> resolve(String name) {
    // After a handshake proved the cached address or key wrong, ask the registry afresh.
    CompletableFuture<Optional<RegistryPeer>> record =
        stale.remove(name) ? presence.fetch(name) : presence.lookup(name);
    return record.thenApply(
        r ->
            r.map(
                p -> {
                  found.accept(p);
                  return new DialTarget(p.name(), p.host(), p.port(), p.key());
                }));
  }

  @Override
  public void invalidate(String name) {
    stale.add(name);
  }
}

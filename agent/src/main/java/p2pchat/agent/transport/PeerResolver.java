package p2pchat.agent.transport;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Looks a peer up (the registry, usually cached). Implementations must be thread-safe and must not
 * block the caller: the transport calls this on an event loop.
 */
public interface PeerResolver {
  /** Empty when the name is unknown; completes exceptionally when the lookup itself failed. */
  CompletableFuture<Optional<DialTarget>> resolve(String name);

  /**
   * What {@link #resolve} gave for {@code name} turned out wrong (another agent answered at that
   * address, or the key did not match): drop any cached entry so the next resolve asks the registry
   * again. Called on an event loop; must not block.
   */
  default void invalidate(String name) {}
}

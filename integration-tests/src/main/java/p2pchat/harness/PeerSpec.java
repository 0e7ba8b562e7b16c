package p2pchat.harness;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import p2pchat.agent.Durability;

/**
 * How to start one peer: its name, the registry instances it is given (the first is {@link
 * #registry()}), its data directory, its script (or null), the address its agent listens on, what
 * it advertises (a proxy's host and port in front of it; null and 0 for the address it listens on,
 * as a host peer does) and its heartbeat. Immutable.
 */
record PeerSpec(
    String name,
    List<URI> registries,
    Path dataDir,
    Path script,
    String listenHost,
    String advertisedHost,
    int advertisedPort,
    Duration heartbeat,
    Durability durability) {

  URI registry() {
    return registries.get(0);
  }

  /** The {@code --discovery} value: every instance, comma-separated. */
  String discoveryOption() {
    return String.join(",", registries.stream().map(URI::toString).toList());
  }
}

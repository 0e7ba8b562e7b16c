package p2pchat.harness;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import p2pchat.agent.Durability;

/**
 * How to start one peer: its name, where the registry is, its data directory, its script (or null),
 * the port its proxy listens on (which it advertises) and its heartbeat; with several registry
 * instances, all of them in {@code registries} (the first is {@code registry}). Immutable.
 */
record PeerSpec(
    String name,
    URI registry,
    Path dataDir,
    Path script,
    int advertisedPort,
    Duration heartbeat,
    Durability durability,
    List<URI> registries) {

  PeerSpec(
      String name,
      URI registry,
      Path dataDir,
      Path script,
      int advertisedPort,
      Duration heartbeat,
      Durability durability) {
    this(name, registry, dataDir, script, advertisedPort, heartbeat, durability, List.of(registry));
  }

  /** The {@code --discovery} value: every instance, comma-separated. */
  String discoveryOption() {
    return String.join(",", registries.stream().map(URI::toString).toList());
  }
}

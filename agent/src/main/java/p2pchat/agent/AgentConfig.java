package p2pchat.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one agent needs to start. Immutable; build with {@link #of} and the withers.
 *
 * @param listenPort 0 picks any free port
 * @param advertisedHost the host other peers are told to connect to (default: listenHost)
 * @param script a Groovy bot script, or null to only store and log what arrives
 */
public record AgentConfig(
    String name,
    String listenHost,
    int listenPort,
    String advertisedHost,
    URI discovery,
    Path dataDir,
    Durability durability,
    Path script,
    Duration heartbeat) {

  public static final URI DEFAULT_DISCOVERY = URI.create("http://127.0.0.1:8000");

  public AgentConfig {
    Names.check(name);
    Objects.requireNonNull(listenHost, "listenHost");
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException("port must be 0..65535 (0 = any free port): " + listenPort);
    }
    Objects.requireNonNull(discovery, "discovery");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(heartbeat, "heartbeat");
  }

  /** Defaults: 127.0.0.1, any free port, FULL durability, no script, 1 s heartbeat. */
  public static AgentConfig of(String name, URI discovery, Path dataDir) {
    return new AgentConfig(name, "127.0.0.1", 0, null, discovery, dataDir, Durability.FULL, null, Duration.ofSeconds(1));
  }

  public String advertised() {
    return advertisedHost != null ? advertisedHost : listenHost;
  }

  public AgentConfig withListen(String host, int port) {
    return new AgentConfig(name, host, port, advertisedHost, discovery, dataDir, durability, script, heartbeat);
  }

  public AgentConfig withAdvertisedHost(String host) {
    return new AgentConfig(name, listenHost, listenPort, host, discovery, dataDir, durability, script, heartbeat);
  }

  public AgentConfig withDurability(Durability d) {
    return new AgentConfig(name, listenHost, listenPort, advertisedHost, discovery, dataDir, d, script, heartbeat);
  }

  public AgentConfig withScript(Path file) {
    return new AgentConfig(name, listenHost, listenPort, advertisedHost, discovery, dataDir, durability, file, heartbeat);
  }

  public AgentConfig withHeartbeat(Duration every) {
    return new AgentConfig(name, listenHost, listenPort, advertisedHost, discovery, dataDir, durability, script, every);
  }

  public AgentConfig withDiscovery(URI uri) {
    return new AgentConfig(name, listenHost, listenPort, advertisedHost, uri, dataDir, durability, script, heartbeat);
  }
}

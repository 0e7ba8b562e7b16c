package p2pchat.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import p2pchat.agent.common.RecordCopies;

/**
 * Everything one agent needs to start. Immutable; build with {@link #of} and the withers.
 *
 * @param listenPort 0 picks any free port
 * @param advertisedHost the host other peers are told to connect to (default: listenHost)
 * @param advertisedPort the port other peers are told to connect to, 0 = the bound port (a
 *     fault-injecting proxy in front of the agent advertises its own)
 * @param script a Groovy bot script, or null to only store and log what arrives
 * @param discovery the registry tried first, {@code registries.get(0)}
 * @param registries every instance of the registry, tried in this order when one fails
 * @param registryTrust how an {@code https://} registry's certificate is trusted (default: the
 *     JDK's CA certificates)
 * @param senderQuota messages of one sender stored but not yet handled by the script, at most; past
 *     it the agent stops reading that sender's link until the script catches up (0: none)
 * @param registrationToken sent with the agent's registration, for a registry that admits only
 *     holders of a token (its {@code registration: token} policy); null for none
 */
public record AgentConfig(
    String name,
    String listenHost,
    int listenPort,
    String advertisedHost,
    int advertisedPort,
    URI discovery,
    Path dataDir,
    Durability durability,
    Path script,
    Duration heartbeat,
    List<URI> registries,
    RegistryTrust registryTrust,
    int senderQuota,
    String registrationToken,
    Duration clockSkew) {

  public static final URI DEFAULT_DISCOVERY = URI.create("http://127.0.0.1:8000");

  /** Stored-but-unhandled messages per sender before its link is back-pressured. */
  public static final int DEFAULT_SENDER_QUOTA = 10_000;

  public AgentConfig {
    Names.check(name);
    Objects.requireNonNull(clockSkew, "clockSkew");
    Objects.requireNonNull(listenHost, "listenHost");
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException(
          "port must be 0..65535 (0 = any free port): " + listenPort);
    }
    if (advertisedPort < 0 || advertisedPort > 65535) {
      throw new IllegalArgumentException(
          "advertised port must be 0..65535 (0 = the bound port): " + advertisedPort);
    }
    Objects.requireNonNull(discovery, "discovery");
    registries =
        registries == null || registries.isEmpty() ? List.of(discovery) : List.copyOf(registries);
    if (!registries.get(0).equals(discovery)) {
      throw new IllegalArgumentException(
          "discovery must be the first of the registries: " + discovery + " vs " + registries);
    }
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(heartbeat, "heartbeat");
    registryTrust = registryTrust == null ? RegistryTrust.jdkDefault() : registryTrust;
    if (senderQuota < 0) {
      throw new IllegalArgumentException(
          "the sender quota must be 0 (none) or positive: " + senderQuota);
    }
  }

  /** Defaults: 127.0.0.1, any free port, FULL durability, no script, 1 s heartbeat. */
  public static AgentConfig of(String name, URI discovery, Path dataDir) {
    return new AgentConfig(
        name,
        "127.0.0.1",
        0,
        null,
        0,
        discovery,
        dataDir,
        Durability.FULL,
        null,
        Duration.ofSeconds(1),
        List.of(discovery),
        RegistryTrust.jdkDefault(),
        DEFAULT_SENDER_QUOTA,
        null,
        Duration.ZERO);
  }

  public String advertised() {
    return advertisedHost != null ? advertisedHost : listenHost;
  }

  public AgentConfig withListen(String host, int port) {
    return RecordCopies.with(this, "listenHost", host, "listenPort", port);
  }

  public AgentConfig withAdvertisedHost(String host) {
    return RecordCopies.with(this, "advertisedHost", host);
  }

  public AgentConfig withAdvertisedPort(int port) {
    return RecordCopies.with(this, "advertisedPort", port);
  }

  public AgentConfig withDurability(Durability d) {
    return RecordCopies.with(this, "durability", d);
  }

  public AgentConfig withScript(Path file) {
    return RecordCopies.with(this, "script", file);
  }

  public AgentConfig withHeartbeat(Duration every) {
    return RecordCopies.with(this, "heartbeat", every);
  }

  /** One registry instead of the current ones. */
  public AgentConfig withDiscovery(URI uri) {
    return RecordCopies.with(this, "discovery", uri, "registries", List.of(uri));
  }

  /** Several instances of one registry, tried in this order (failover). */
  public AgentConfig withDiscovery(List<URI> all) {
    if (all.isEmpty()) {
      throw new IllegalArgumentException("at least one registry URL is needed");
    }
    return RecordCopies.with(this, "discovery", all.get(0), "registries", all);
  }

  public AgentConfig withRegistrationToken(String token) {
    return RecordCopies.with(this, "registrationToken", token);
  }

  public AgentConfig withSenderQuota(int messages) {
    return RecordCopies.with(this, "senderQuota", messages);
  }

  /**
   * For fault tests: the agent's clock starts {@code skew} away from the system's (as on a machine
   * whose clock is wrong); {@link Agent#skewClock} moves it while running.
   */
  public AgentConfig withClockSkew(Duration skew) {
    return RecordCopies.with(this, "clockSkew", Objects.requireNonNull(skew, "skew"));
  }

  public AgentConfig withRegistryTrust(RegistryTrust trust) {
    return RecordCopies.with(this, "registryTrust", trust);
  }
}

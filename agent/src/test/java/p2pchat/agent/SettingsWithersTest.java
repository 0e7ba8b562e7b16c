package p2pchat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2pchat.agent.presence.PresenceConfig;
import p2pchat.agent.transport.TransportConfig;

/** Each wither of the settings records changes what it names and keeps everything else. */
class SettingsWithersTest {
  private static final URI A = URI.create("http://127.0.0.1:8000");
  private static final URI B = URI.create("http://127.0.0.1:8001");

  @Test
  void agentConfigWithers() {
    AgentConfig c = AgentConfig.of("Sam", A, Path.of("data"));
    AgentConfig changed =
        c.withListen("0.0.0.0", 7001)
            .withAdvertisedHost("sam.example")
            .withAdvertisedPort(7002)
            .withDurability(Durability.NORMAL)
            .withScript(Path.of("bot.groovy"))
            .withHeartbeat(Duration.ofSeconds(3))
            .withDiscovery(List.of(B, A))
            .withRegistrationToken("token")
            .withSenderQuota(5)
            .withClockSkew(Duration.ofMinutes(2));
    assertThat(changed)
        .isEqualTo(
            new AgentConfig(
                "Sam",
                "0.0.0.0",
                7001,
                "sam.example",
                7002,
                B,
                Path.of("data"),
                Durability.NORMAL,
                Path.of("bot.groovy"),
                Duration.ofSeconds(3),
                List.of(B, A),
                c.registryTrust(),
                5,
                "token",
                Duration.ofMinutes(2)));
    assertThat(changed.withDiscovery(A).registries()).containsExactly(A);
    assertThat(c.withRegistryTrust(null).registryTrust()).isEqualTo(c.registryTrust());
  }

  @Test
  void transportConfigWithers() {
    TransportConfig d = TransportConfig.defaults();
    assertThat(
            d.withHandshakeTimeout(Duration.ofSeconds(1))
                .withIdleTimeout(Duration.ofSeconds(2))
                .withMaxInboundConnections(3)
                .withWindow(4)
                .withRecordLimit(100)
                .withUnsealedRecordsForBenchmarks())
        .isEqualTo(
            new TransportConfig(
                4,
                d.maxFrameBytes(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                d.backoffMin(),
                d.backoffMax(),
                3,
                100,
                false));
  }

  @Test
  void presenceConfigWithers() {
    assertThat(
            PresenceConfig.defaults(A)
                .withRegistries(List.of(B, A))
                .withHeartbeat(Duration.ofSeconds(3))
                .withLongPollWait(Duration.ofSeconds(4))
                .withRetry(Duration.ofMillis(5), Duration.ofMillis(6))
                .withRequestTimeout(Duration.ofSeconds(7))
                .withRegistrationToken("token"))
        .isEqualTo(
            new PresenceConfig(
                B,
                Duration.ofSeconds(3),
                Duration.ofSeconds(4),
                Duration.ofMillis(5),
                Duration.ofMillis(6),
                Duration.ofSeconds(7),
                List.of(B, A),
                "token"));
  }
}

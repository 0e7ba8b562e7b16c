package p2pchat.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code registrationsPerMinute}: one client address may not take names without end. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RegistrationLimitTest {
  @TempDir static Path dir;

  static final DropwizardAppExtension<DiscoveryConfiguration> APP =
      new DropwizardAppExtension<>(
          DiscoveryApplication.class,
          ResourceHelpers.resourceFilePath("test-config.yml"),
          ConfigOverride.config("database", () -> dir.resolve("registry.db").toString()),
          ConfigOverride.config("registrationsPerMinute", "3"));

  @Test
  void registrationsBeyondTheLimitAreRefusedWith429AndWhenToRetry() {
    TestClient client = new TestClient(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
    for (int i = 0; i < 3; i++) {
      client.register(new TestPeer("peer" + i), 7001);
    }
    TestPeer late = new TestPeer("Late");
    TestClient.Answer refused = client.signed(late, "POST", "/v1/peers", late.registration(7001));

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().get("code").asInt()).isEqualTo(429);
    assertThat(refused.message())
        .startsWith("more than 3 registrations a minute from 127.0.0.1; try again in ");
    assertThat(client.get("/v1/peers/Late").status()).isEqualTo(404);
    assertThat(client.get("/v1/peers/peer0").status()).as("lookups are not limited").isEqualTo(200);
  }
}

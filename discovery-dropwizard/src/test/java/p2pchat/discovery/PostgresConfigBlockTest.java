package p2pchat.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code database:} as Dropwizard's DataSourceFactory block in config.yml, on a real PostgreSQL.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PostgresConfigBlockTest {
  static final String DATABASE =
      PostgresExtension.server().createDatabase(); // before the app starts

  static final DropwizardAppExtension<DiscoveryConfiguration> APP =
      new DropwizardAppExtension<>(
          DiscoveryApplication.class,
          ResourceHelpers.resourceFilePath("postgres-config.yml"),
          ConfigOverride.config("database.url", DATABASE.replace("?user=postgres", "")));

  @Test
  void theRegistryRunsOnTheDatabaseTheBlockNamesAndItsHealthCheckSaysSo() {
    TestClient client = new TestClient(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
    client.register(new TestPeer("Sam"), 7001);
    assertThat(client.status("Sam")).isEqualTo("online");

    TestClient admin = new TestClient(URI.create("http://127.0.0.1:" + APP.getAdminPort()));
    TestClient.Answer health = admin.get("/healthcheck");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("database").get("message").asText())
        .startsWith("jdbc:postgresql://127.0.0.1:");
    TestClient.Answer metrics = admin.get("/metrics");
    assertThat(
            metrics.json().get("gauges").get("p2pchat.registry.leases.held").get("value").asLong())
        .isEqualTo(1);
    assertThat(
            metrics
                .json()
                .get("gauges")
                .get("p2pchat.registry.longpolls.parked")
                .get("value")
                .asInt())
        .isZero();
  }
}

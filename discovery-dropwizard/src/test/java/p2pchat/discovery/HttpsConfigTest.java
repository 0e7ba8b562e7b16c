package p2pchat.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code server.applicationConnectors: - type: https} in config.yml, the Dropwizard way: the
 * keystore named by {@code keyStorePath} does not exist, so the registry makes it with {@code
 * keyStorePassword} on start and serves HTTPS with it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpsConfigTest {
  static final Path DIR = tempDir();
  static final String PASSWORD = "correct-horse-battery";

  static final DropwizardAppExtension<DiscoveryConfiguration> APP =
      new DropwizardAppExtension<>(
          DiscoveryApplication.class,
          ResourceHelpers.resourceFilePath("https-config.yml"),
          ConfigOverride.config("database", () -> DIR.resolve("registry.db").toString()),
          ConfigOverride.config(
              "server.applicationConnectors[0].keyStorePath",
              () -> DIR.resolve("registry.p12").toString()),
          ConfigOverride.config("server.applicationConnectors[0].keyStorePassword", PASSWORD));

  static Path tempDir() {
    try {
      return Files.createTempDirectory("https-config");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theRegistryMakesTheKeystoreItIsToldToUseAndServesHttpsWithIt() {
    Path keystore = DIR.resolve("registry.p12");
    assertThat(keystore).exists();
    TestClient client =
        TestClient.trusting(
            URI.create("https://127.0.0.1:" + APP.getLocalPort()), keystore, PASSWORD);
    client.register(new TestPeer("Sam"), 7001);
    assertThat(client.status("Sam")).isEqualTo("online");
  }
}

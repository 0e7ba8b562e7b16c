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
 * {@code registration: token}: only a registration carrying one of the operator's tokens is taken.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RegistrationTokenTest {
  static final Path DIR = tempDir();

  static final DropwizardAppExtension<DiscoveryConfiguration> APP =
      new DropwizardAppExtension<>(
          DiscoveryApplication.class,
          ResourceHelpers.resourceFilePath("test-config.yml"),
          ConfigOverride.config("database", () -> DIR.resolve("registry.db").toString()),
          ConfigOverride.config("registration", "token"),
          ConfigOverride.config("registrationTokensFile", () -> DIR.resolve("tokens").toString()));

  static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("registration-token");
      Files.writeString(dir.resolve("tokens"), "# one a line\nteam-alpha-7f3a\nteam-beta-99c1\n");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aRegistrationWithoutAValidTokenIsRefusedWith403AndOneWithItIsTaken() {
    TestClient client = new TestClient(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
    TestPeer sam = new TestPeer("Sam");

    TestClient.Answer none = client.signed(sam, "POST", "/v1/peers", sam.registration(7001));
    assertThat(none.status()).isEqualTo(403);
    assertThat(none.message()).contains("X-P2P-Registration-Token");

    String body = sam.registration(7001);
    TestClient.Answer wrong = registerWithToken(client, sam, body, "guess");
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.message()).contains("not one this registry accepts");
    assertThat(client.get("/v1/peers/Sam").status()).isEqualTo(404);

    TestClient.Answer ok = registerWithToken(client, sam, body, "team-beta-99c1");
    assertThat(ok.status()).isEqualTo(201);
    assertThat(client.status("Sam")).isEqualTo("online");
  }

  /** Sam's signed registration {@code body}, carrying {@code token}. */
  private static TestClient.Answer registerWithToken(
      TestClient client, TestPeer sam, String body, String token) {
    long ts = sam.nextTimestamp();
    return client.raw(
        "POST",
        "/v1/peers",
        body,
        "X-P2P-Timestamp",
        Long.toString(ts),
        "X-P2P-Signature",
        sam.sign("POST", "/v1/peers", ts, body),
        "X-P2P-Registration-Token",
        token);
  }
}

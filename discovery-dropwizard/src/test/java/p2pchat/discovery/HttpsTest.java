package p2pchat.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.discovery.tls.RegistryKeystore;

/**
 * The registry over HTTPS, embedded as {@code p2pchat discovery --https} runs it: a keystore made
 * on first start and kept, its fingerprint stable across restarts, and one-line errors for a
 * keystore it cannot use. Real Jetty on 127.0.0.1, real TLS.
 */
class HttpsTest {
  @TempDir Path dir;

  EmbeddedRegistry.Settings https(Path keystore) {
    return EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db")).withHttps(keystore);
  }

  @Test
  void aKeystoreIsMadeOnFirstStartAndTheSameCertificateServesAfterARestart() throws Exception {
    Path keystore = dir.resolve("tls/registry.p12");
    String first;
    try (EmbeddedRegistry registry = EmbeddedRegistry.start(https(keystore))) {
      assertThat(registry.url().toString()).startsWith("https://127.0.0.1:");
      RegistryKeystore.Prepared made = registry.certificate().orElseThrow();
      assertThat(made.generated()).isTrue();
      assertThat(made.fingerprint()).matches("[0-9a-f]{64}");
      assertThat(Files.getPosixFilePermissions(keystore))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      Path password = RegistryKeystore.passwordFile(keystore);
      assertThat(Files.getPosixFilePermissions(password))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));

      TestClient client =
          TestClient.trusting(registry.url(), keystore, Files.readString(password).strip());
      client.register(new TestPeer("Sam"), 7001);
      assertThat(client.status("Sam")).isEqualTo("online");
      first = made.fingerprint();

      registry.stop();
      registry.start();
      assertThat(registry.certificate().orElseThrow().fingerprint()).isEqualTo(first);
      assertThat(client.status("Sam")).isIn("online", "unreachable");
    }
    try (EmbeddedRegistry again = EmbeddedRegistry.start(https(keystore))) {
      assertThat(again.certificate().orElseThrow().generated()).isFalse();
      assertThat(again.certificate().orElseThrow().fingerprint()).isEqualTo(first);
    }
  }

  @Test
  void theCertificateNamesTheLoopbackAddressesAndTheHostBound() throws Exception {
    Path keystore = dir.resolve("registry.p12");
    try (EmbeddedRegistry registry = EmbeddedRegistry.start(https(keystore))) {
      X509Certificate certificate = certificate(keystore);
      List<String> names =
          certificate.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList();
      assertThat(names).contains("localhost", "127.0.0.1");
      assertThat(RegistryKeystore.fingerprint(certificate))
          .isEqualTo(registry.certificate().orElseThrow().fingerprint());
    }
  }

  @Test
  void plainHttpStaysTheDefault() {
    try (EmbeddedRegistry registry =
        EmbeddedRegistry.start(EmbeddedRegistry.Settings.onFile(dir.resolve("r.db")))) {
      assertThat(registry.url().getScheme()).isEqualTo("http");
      assertThat(registry.certificate()).isEmpty();
      assertThat(new TestClient(registry.url()).get("/v1/peers").status()).isEqualTo(200);
    }
  }

  @Test
  void aKeystoreWithoutItsPasswordFileIsOneLineSayingWhatToDo() throws Exception {
    Path keystore = Files.writeString(dir.resolve("own.p12"), "not really a keystore");
    assertThatThrownBy(() -> EmbeddedRegistry.start(https(keystore)))
        .isInstanceOf(RegistryStartException.class)
        .hasMessage(
            "the keystore "
                + keystore
                + " exists but its password file "
                + keystore
                + ".password does not; "
                + "write the keystore's password there (mode 600), or remove the keystore to have a new one made");
  }

  @Test
  void aWrongKeystorePasswordIsOneLineSayingWhatToDo() throws Exception {
    Path keystore = dir.resolve("registry.p12");
    EmbeddedRegistry.start(https(keystore)).close();
    Files.writeString(RegistryKeystore.passwordFile(keystore), "not-the-password\n");
    assertThatThrownBy(() -> EmbeddedRegistry.start(https(keystore)))
        .isInstanceOf(RegistryStartException.class)
        .hasMessage(
            "cannot open the keystore "
                + keystore
                + ": the password does not fit; give the right one, "
                + "or remove the keystore to have a new one made");
  }

  @Test
  void aKeystoreThatIsNotOneIsOneLineNamingIt() throws Exception {
    Path keystore = Files.writeString(dir.resolve("garbage.p12"), "not really a keystore");
    Files.writeString(RegistryKeystore.passwordFile(keystore), "secret\n");
    assertThatThrownBy(() -> EmbeddedRegistry.start(https(keystore)))
        .isInstanceOf(RegistryStartException.class)
        .hasMessageStartingWith("cannot read the keystore " + keystore + ": ")
        .hasMessageNotContaining("\n");
  }

  static X509Certificate certificate(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(
          in, Files.readString(RegistryKeystore.passwordFile(keystore)).strip().toCharArray());
    }
    return (X509Certificate) store.getCertificate(store.aliases().nextElement());
  }
}

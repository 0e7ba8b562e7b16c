package p2pchat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentException;
import p2pchat.agent.Message;
import p2pchat.agent.RegistryTrust;
import p2pchat.discovery.EmbeddedRegistry;
import p2pchat.harness.LocalAgents;

/**
 * Agents and the real registry over HTTPS on 127.0.0.1: the registry's keystore made on first
 * start, agents trusting it by a pinned fingerprint or by a trust store file, a wrong pin and no
 * trust at all refused at start with one line saying what to do.
 */
class RegistryOverHttpsTest {
  static final Duration HEARTBEAT = Duration.ofMillis(200);
  static final Duration LEASE = Duration.ofMillis(1000);
  static final Duration PATIENCE = Duration.ofSeconds(10);

  @TempDir Path dir;
  LocalAgents local;
  EmbeddedRegistry registry;
  String fingerprint;

  @BeforeEach
  void startRegistry() {
    local =
        new LocalAgents(
            EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db"))
                .withLease(LEASE, HEARTBEAT)
                .withHttps(dir.resolve("registry.p12")));
    registry = local.registry();
    fingerprint = registry.certificate().orElseThrow().fingerprint();
  }

  @AfterEach
  void stopEverything() {
    local.close();
  }

  AgentConfig config(String name, RegistryTrust trust) {
    return AgentConfig.of(name, registry.url(), dir.resolve(name))
        .withHeartbeat(HEARTBEAT)
        .withRegistryTrust(trust);
  }

  Agent start(AgentConfig config) {
    return local.start(config);
  }

  @Test
  void agentsPinningTheRegistrysFingerprintRegisterSeeEachOtherOnlineAndTalk() {
    RegistryTrust pin =
        RegistryTrust.pinned(fingerprint.toUpperCase().replaceAll("(..)(?!$)", "$1:"));
    Agent sam = start(config("Sam", pin));
    Agent carol = start(config("Carol", pin));
    await().atMost(PATIENCE).until(() -> sam.isOnline("Carol") && carol.isOnline("Sam"));

    sam.send("Carol", "hello over a pinned registry").join();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(carol.history("Sam"))
                    .extracting(Message::text)
                    .contains("hello over a pinned registry"));
  }

  @Test
  void anAgentTrustingATrustStoreFileRegisters() throws Exception {
    Path trustStore = trustStoreWithTheRegistrysCertificate("changeit");
    Agent sam = start(config("Sam", RegistryTrust.trustStore(trustStore, "changeit")));
    Agent carol = start(config("Carol", RegistryTrust.pinned(fingerprint)));
    await().atMost(PATIENCE).until(() -> carol.isOnline("Sam") && sam.isOnline("Carol"));
  }

  @Test
  void aWrongPinIsRefusedAtStartNamingBothFingerprintsAndWhatToDo() {
    String wrong = "ab".repeat(32);
    assertThatThrownBy(() -> start(config("Sam", RegistryTrust.pinned(wrong))))
        .isInstanceOf(AgentException.class)
        .hasMessage(
            "registry "
                + registry.url()
                + " is not trusted: its certificate's SHA-256 fingerprint is "
                + fingerprint
                + ", not the pinned "
                + wrong
                + "; if the registry's certificate changed on purpose, "
                + "pin the one it prints at start (--registry-fingerprint), otherwise this is not the registry you meant");
  }

  @Test
  void withoutATrustOptionTheJdksCasDoNotKnowASelfSignedRegistryAndTheMessageSaysWhatToDo() {
    assertThatThrownBy(() -> start(config("Sam", RegistryTrust.jdkDefault())))
        .isInstanceOf(AgentException.class)
        .hasMessage(
            "registry "
                + registry.url()
                + " is not trusted: its certificate does not chain to a CA this "
                + "JVM trusts; pin it with --registry-fingerprint (the registry prints it at start) or give "
                + "--registry-truststore FILE");
  }

  @Test
  void aRestartedRegistryServesTheSameCertificateAndPinnedAgentsComeBack() {
    Agent sam = start(config("Sam", RegistryTrust.pinned(fingerprint)));
    Agent carol = start(config("Carol", RegistryTrust.pinned(fingerprint)));
    await().atMost(PATIENCE).until(() -> sam.isOnline("Carol"));

    registry.stop();
    registry.start();
    assertThat(registry.certificate().orElseThrow().generated()).isFalse();
    assertThat(registry.certificate().orElseThrow().fingerprint()).isEqualTo(fingerprint);
    carol.stop();
    await().atMost(PATIENCE).until(() -> !sam.isOnline("Carol"));
    Agent carolAgain = start(config("Carol", RegistryTrust.pinned(fingerprint)));
    await().atMost(PATIENCE).until(() -> sam.isOnline("Carol") && carolAgain.isOnline("Sam"));
  }

  /**
   * What an operator does with keytool -importcert: a PKCS12 trust store holding the registry's
   * certificate.
   */
  Path trustStoreWithTheRegistrysCertificate(String password) throws Exception {
    Path keystore = registry.certificate().orElseThrow().file();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(
          in,
          Files.readString(keystore.resolveSibling(keystore.getFileName() + ".password"))
              .strip()
              .toCharArray());
    }
    Certificate certificate = keys.getCertificate(keys.aliases().nextElement());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("p2pchat-registry", certificate);
    Path file = dir.resolve("registry-trust.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      trust.store(out, password.toCharArray());
    }
    return file;
  }
}

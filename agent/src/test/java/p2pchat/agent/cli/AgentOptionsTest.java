package p2pchat.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.RegistryTrust;
import picocli.CommandLine;

/**
 * {@code --discovery URL[,URL...]}: one registry or several instances of one, and how to trust an
 * https one.
 */
class AgentOptionsTest {
  static final String PIN = "3f".repeat(32);

  @TempDir Path dir;

  private static AgentOptions parse(String... args) {
    AgentCommand command = new AgentCommand();
    new CommandLine(command).parseArgs(args);
    return command.options;
  }

  /** Sam's options with an https registry, and {@code more}. */
  private static AgentOptions samOnHttps(String... more) {
    String[] args = {"--name", "Sam", "--discovery", "https://127.0.0.1:8443"};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return parse(all);
  }

  @Test
  void severalRegistryInstancesAreReadInOrder() {
    assertThat(
            AgentOptions.registryUrls(
                "http://127.0.0.1:8000, http://127.0.0.1:8001,http://10.0.0.2:8000"))
        .containsExactly(
            URI.create("http://127.0.0.1:8000"),
            URI.create("http://127.0.0.1:8001"),
            URI.create("http://10.0.0.2:8000"));
    assertThat(AgentOptions.registryUrls("http://127.0.0.1:8000"))
        .containsExactly(URI.create("http://127.0.0.1:8000"));
  }

  @Test
  void aBadOrRepeatedEntryIsRefusedWithOneLineNamingIt() {
    assertThatThrownBy(() -> AgentOptions.registryUrls("http://127.0.0.1:8000,ftp://x"))
        .hasMessage(
            "--discovery must be an http or https URL like http://127.0.0.1:8000, not 'ftp://x'");
    assertThatThrownBy(() -> AgentOptions.registryUrls("http://127.0.0.1:8000,"))
        .hasMessageContaining("not ''");
    assertThatThrownBy(
            () -> AgentOptions.registryUrls("http://127.0.0.1:8000,http://127.0.0.1:8000"))
        .hasMessage(
            "--discovery names http://127.0.0.1:8000 twice; list each registry instance once");
  }

  @Test
  void anHttpsRegistryWithAPinnedFingerprintIsTrustedByThatPin() {
    AgentOptions options =
        samOnHttps("--registry-fingerprint", PIN.toUpperCase().replaceAll("(..)(?!$)", "$1:"));
    assertThat(options.toConfig(null).registryTrust()).isEqualTo(RegistryTrust.pinned(PIN));
  }

  @Test
  void anHttpsRegistryWithoutATrustOptionUsesTheJdksCas() {
    assertThat(
            parse("--name", "Sam", "--discovery", "https://registry.example:443")
                .toConfig(null)
                .registryTrust())
        .isEqualTo(RegistryTrust.jdkDefault());
  }

  @Test
  void aFingerprintThatIsNotASha256IsAUsageErrorWhileParsing() {
    assertThatThrownBy(() -> parse("--name", "Sam", "--registry-fingerprint", "abc123"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining(
            "a registry fingerprint is the 64 hex digits of a SHA-256, as 'p2pchat discovery --https' "
                + "prints it, not 'abc123'");
  }

  @Test
  void trustOptionsThatDoNotFitTogetherAreRefusedWithOneLineSayingWhy() throws Exception {
    Path store = Files.writeString(dir.resolve("trust.p12"), "x");
    assertThatThrownBy(
            () ->
                samOnHttps("--registry-fingerprint", PIN, "--registry-truststore", store.toString())
                    .toConfig(null))
        .hasMessage("give --registry-fingerprint or --registry-truststore, not both");
    assertThatThrownBy(() -> parse("--name", "Sam", "--registry-fingerprint", PIN).toConfig(null))
        .hasMessage(
            "--registry-fingerprint is for https registries, and --discovery http://127.0.0.1:8000 is plain "
                + "http; use https:// or leave it out");
    assertThatThrownBy(
            () -> samOnHttps("--registry-truststore-password", "changeit").toConfig(null))
        .hasMessage("--registry-truststore-password needs --registry-truststore FILE");
  }

  @Test
  void aTrustStoreThatCannotBeReadIsRefusedBeforeAnythingStarts() throws Exception {
    Path missing = dir.resolve("missing.p12");
    assertThatThrownBy(() -> samOnHttps("--registry-truststore", missing.toString()).toConfig(null))
        .hasMessage("the trust store " + missing + " does not exist; check the path");
    Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a trust store");
    assertThatThrownBy(
            () ->
                samOnHttps(
                        "--registry-truststore",
                        garbage.toString(),
                        "--registry-truststore-password",
                        "changeit")
                    .toConfig(null))
        .hasMessageStartingWith("cannot read the trust store " + garbage + " (")
        .hasMessageEndingWith("); give a PKCS12 or JKS file");
  }
}

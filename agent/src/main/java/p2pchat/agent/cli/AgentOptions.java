package p2pchat.agent.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.Durability;
import p2pchat.agent.Names;
import p2pchat.agent.RegistryTrust;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every agent-running command shares (picocli mixin). Not thread-safe; CLI only. */
public final class AgentOptions {
  @Option(
      names = "--name",
      required = true,
      description = "this peer's name ([A-Za-z0-9_.-], 1-64 chars)")
  String name;

  // A String, not a URI: picocli's own conversion error for 'http://' names Java's exception class.
  @Option(
      names = "--discovery",
      defaultValue = "http://127.0.0.1:8000",
      paramLabel = "URL[,URL...]",
      description =
          "registry URL, or several instances of one registry separated by commas, tried in turn "
              + "when one fails (default: ${DEFAULT-VALUE})")
  String discovery;

  @Option(
      names = "--registry-fingerprint",
      paramLabel = "SHA256HEX",
      converter = FingerprintConverter.class,
      description =
          "trust an https registry by its certificate's SHA-256 fingerprint, the one "
              + "'p2pchat discovery --https' prints (pinning: no CA needed)")
  String registryFingerprint;

  @Option(
      names = "--registry-truststore",
      paramLabel = "FILE",
      description = "trust an https registry by the certificates in this PKCS12 or JKS trust store")
  Path registryTrustStore;

  @Option(
      names = "--registry-truststore-password",
      paramLabel = "PASSWORD",
      description = "password of --registry-truststore, if it has one")
  String registryTrustStorePassword;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "address to listen on (default: ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--advertise",
      description = "address other peers should connect to (default: --host)")
  String advertise;

  @Option(
      names = "--advertise-port",
      defaultValue = "0",
      description = "port other peers should connect to; 0 = the bound port")
  int advertisePort;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "port to listen on; 0 = any free port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--data-dir",
      description = "where this agent keeps its database and key (default: ~/.p2pchat/NAME)")
  Path dataDir;

  @Option(
      names = "--durability",
      defaultValue = "FULL",
      description =
          "FULL survives power loss, NORMAL only process crashes (default: ${DEFAULT-VALUE})")
  Durability durability;

  @Option(
      names = "--registration-token",
      paramLabel = "TOKEN",
      description =
          "for a registry that admits only token holders (registration: token): one of its tokens;"
              + " also read from the environment variable P2PCHAT_REGISTRATION_TOKEN")
  String registrationToken;

  @Option(
      names = "--sender-quota",
      defaultValue = "10000",
      paramLabel = "N",
      description =
          "messages of one sender stored but not yet handled by the script, at most; past it that sender"
              + " waits (nothing is lost) until the script catches up; 0 = no quota (default: ${DEFAULT-VALUE})")
  int senderQuota;

  /**
   * Validated config; throws IllegalArgumentException with a one-line message (a usage error, exit
   * 2).
   */
  AgentConfig toConfig(Path script) {
    Names.check(name);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "--port must be 0..65535 (0 = any free port), not " + port);
    }
    List<URI> registries = registryUrls(discovery);
    AgentConfig config =
        AgentConfig.of(name, registries.get(0), dataDir(name, dataDir))
            .withDiscovery(registries)
            .withListen(host, port)
            .withDurability(durability);
    if (advertisePort < 0 || advertisePort > 65535) {
      throw new IllegalArgumentException("--advertise-port must be 0..65535, not " + advertisePort);
    }
    config = config.withAdvertisedPort(advertisePort);
    if (senderQuota < 0) {
      throw new IllegalArgumentException(
          "--sender-quota must be 0 (no quota) or a positive number of messages, not "
              + senderQuota);
    }
    config = config.withSenderQuota(senderQuota);
    String token =
        registrationToken != null ? registrationToken : System.getenv("P2PCHAT_REGISTRATION_TOKEN");
    if (token != null
        && (token.isBlank()
            || token.length() > 256
            || !token.chars().allMatch(c -> c > 32 && c < 127))) {
      throw new IllegalArgumentException(
          "--registration-token must be 1-256 visible ASCII characters, as in the"
              + " registry's token file");
    }
    config = config.withRegistrationToken(token);
    if (advertise != null) {
      config = config.withAdvertisedHost(advertise);
    }
    config = config.withRegistryTrust(registryTrust(registries));
    return script == null ? config : config.withScript(script);
  }

  /** {@code --registry-fingerprint} or {@code --registry-truststore}, for https registries only. */
  private RegistryTrust registryTrust(List<URI> registries) {
    if (registryFingerprint != null && registryTrustStore != null) {
      throw new IllegalArgumentException(
          "give --registry-fingerprint or --registry-truststore, not both");
    }
    if (registryTrustStorePassword != null && registryTrustStore == null) {
      throw new IllegalArgumentException(
          "--registry-truststore-password needs --registry-truststore FILE");
    }
    if ((registryFingerprint != null || registryTrustStore != null)
        && registries.stream().noneMatch(uri -> "https".equals(uri.getScheme()))) {
      throw new IllegalArgumentException(
          (registryFingerprint != null ? "--registry-fingerprint" : "--registry-truststore")
              + " is for https registries, and --discovery "
              + discovery
              + " is plain http; use https:// or leave it out");
    }
    if (registryFingerprint != null) {
      return RegistryTrust.pinned(registryFingerprint);
    }
    if (registryTrustStore != null) {
      RegistryTrust trust =
          RegistryTrust.trustStore(registryTrustStore, registryTrustStorePassword);
      trust.sslContext(); // reads the file now, so that a bad one is a usage error before anything
      // starts
      return trust;
    }
    return RegistryTrust.jdkDefault();
  }

  /** Checks the fingerprint while the options are parsed: a bad one is a usage error (exit 2). */
  static final class FingerprintConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        return ((RegistryTrust.Pinned) RegistryTrust.pinned(value)).fingerprint();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code URL[,URL...]}: every instance of one registry, in the order to try them. */
  static List<URI> registryUrls(String text) {
    List<URI> all = new ArrayList<>();
    for (String one : text.split(",", -1)) {
      URI uri = registryUrl(one.strip());
      if (all.contains(uri)) {
        throw new IllegalArgumentException(
            "--discovery names " + uri + " twice; list each registry instance once");
      }
      all.add(uri);
    }
    return List.copyOf(all);
  }

  private static URI registryUrl(String text) {
    URI uri = null;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      // answered below
    }
    if (uri == null
        || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--discovery must be an http or https URL like http://127.0.0.1:8000, not '"
              + text
              + "'");
    }
    return uri;
  }

  static Path dataDir(String name, Path explicit) {
    return explicit != null ? explicit : Path.of(System.getProperty("user.home"), ".p2pchat", name);
  }
}

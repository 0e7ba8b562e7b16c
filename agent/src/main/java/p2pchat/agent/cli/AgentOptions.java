package p2pchat.agent.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.Durability;
import p2pchat.agent.Names;
import picocli.CommandLine.Option;

/** The options every agent-running command shares (picocli mixin). Not thread-safe; CLI only. */
public final class AgentOptions {
  @Option(names = "--name", required = true, description = "this peer's name ([A-Za-z0-9_.-], 1-64 chars)")
  String name;

  // A String, not a URI: picocli's own conversion error for 'http://' names Java's exception class.
  @Option(names = "--discovery", defaultValue = "http://127.0.0.1:8000", paramLabel = "URL[,URL...]",
      description = "registry URL, or several instances of one registry separated by commas, tried in turn "
          + "when one fails (default: ${DEFAULT-VALUE})")
  String discovery;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--advertise", description = "address other peers should connect to (default: --host)")
  String advertise;

  @Option(names = "--advertise-port", defaultValue = "0", description = "port other peers should connect to; 0 = the bound port")
  int advertisePort;

  @Option(names = "--port", defaultValue = "0", description = "port to listen on; 0 = any free port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--data-dir", description = "where this agent keeps its database and key (default: ~/.p2pchat/NAME)")
  Path dataDir;

  @Option(
      names = "--durability",
      defaultValue = "FULL",
      description = "FULL survives power loss, NORMAL only process crashes (default: ${DEFAULT-VALUE})")
  Durability durability;

  /** Validated config; throws IllegalArgumentException with a one-line message. */
  AgentConfig toConfig(Path script) {
    Names.check(name);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0..65535 (0 = any free port), not " + port);
    }
    List<URI> registries = registryUrls(discovery);
    AgentConfig config = AgentConfig.of(name, registries.get(0), dataDir(name, dataDir))
        .withDiscovery(registries).withListen(host, port).withDurability(durability);
    if (advertisePort < 0 || advertisePort > 65535) {
      throw new IllegalArgumentException("--advertise-port must be 0..65535, not " + advertisePort);
    }
    config = config.withAdvertisedPort(advertisePort);
    if (advertise != null) {
      config = config.withAdvertisedHost(advertise);
    }
    return script == null ? config : config.withScript(script);
  }

  /** {@code URL[,URL...]}: every instance of one registry, in the order to try them. */
  static List<URI> registryUrls(String text) {
    List<URI> all = new ArrayList<>();
    for (String one : text.split(",", -1)) {
      URI uri = registryUrl(one.strip());
      if (all.contains(uri)) {
        throw new IllegalArgumentException("--discovery names " + uri + " twice; list each registry instance once");
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
    if (uri == null || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("--discovery must be an http URL like http://127.0.0.1:8000, not '" + text + "'");
    }
    return uri;
  }

  static Path dataDir(String name, Path explicit) {
    return explicit != null ? explicit : Path.of(System.getProperty("user.home"), ".p2pchat", name);
  }
}

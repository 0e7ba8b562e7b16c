package p2pchat.agent.cli;

import java.nio.file.Path;
import p2pchat.agent.http.AgentHttp;
import picocli.CommandLine.Option;

/** {@code agent}'s options for its HTTP side (picocli mixin). Not thread-safe; CLI only. */
public final class HttpOptions {
  @Option(
      names = "--http",
      paramLabel = "PORT",
      description =
          "serve GET /health, GET /metrics and POST /send on this port (0 = any free port);"
              + " off unless given")
  Integer port;

  @Option(
      names = "--http-host",
      paramLabel = "HOST",
      description = "address the HTTP side listens on (default: 127.0.0.1, this machine only)")
  String host;

  @Option(
      names = "--http-token-file",
      paramLabel = "FILE",
      description =
          "the bearer token every route but /health requires (default: DATA-DIR/http-token, made"
              + " on first start and printed once)")
  Path tokenFile;

  /**
   * The settings, or null when {@code --http} is not given; IllegalArgumentException with a
   * one-line message (a usage error) otherwise.
   */
  AgentHttp.Settings toSettings() {
    if (port == null) {
      if (host != null || tokenFile != null) {
        throw new IllegalArgumentException(
            (host != null ? "--http-host" : "--http-token-file") + " needs --http PORT");
      }
      return null;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "--http must be 0..65535 (0 = any free port), not " + port);
    }
    if (host != null && host.isBlank()) {
      throw new IllegalArgumentException(
          "--http-host must be an address like 127.0.0.1 or 0.0.0.0");
    }
    AgentHttp.Settings settings = AgentHttp.Settings.loopback(port).withTokenFile(tokenFile);
    return host == null ? settings : settings.withHost(host);
  }
}

package p2pchat.discovery.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import p2pchat.discovery.EmbeddedRegistry;
import p2pchat.discovery.RegistryStartException;
import p2pchat.discovery.files.UserPath;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code p2pchat discovery}: runs the registry in the foreground until the process is stopped
 * (Ctrl-C). A start failure is one line on stderr and exit code 1. Not thread-safe; one run per
 * instance.
 */
@Command(
    name = "discovery",
    mixinStandardHelpOptions = true,
    description = "Run the discovery registry (who exists, who is online, where to reach them).")
public final class DiscoveryCommand implements Callable<Integer> {
  static final String DEFAULT_KEYSTORE = "~/.p2pchat/discovery.p12";

  @Option(
      names = "--port",
      defaultValue = "8000",
      description = "HTTP (or HTTPS) port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--https",
      description =
          "Serve HTTPS instead of plain HTTP, with the certificate in --keystore; "
              + "prints the certificate's SHA-256 fingerprint for agents to pin.")
  boolean https;

  @Option(
      names = "--keystore",
      paramLabel = "FILE",
      description =
          "With --https: PKCS12 keystore, made with a self-signed certificate on first start; its password "
              + "is kept in FILE.password (default: ~/.p2pchat/discovery.p12).")
  String keystore;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--db",
      defaultValue = "~/.p2pchat/discovery.db",
      paramLabel = "FILE|URL",
      description =
          "SQLite database file, created if missing; :memory: for a throwaway registry; or "
              + "jdbc:postgresql://HOST:PORT/DB?user=U&password=P to share one PostgreSQL between "
              + "several registry instances (default: ${DEFAULT-VALUE}).")
  String db;

  @Option(
      names = "--lease-ttl",
      defaultValue = "3s",
      paramLabel = "DURATION",
      description =
          "A peer whose heartbeats stop for this long becomes unreachable (default: ${DEFAULT-VALUE}).")
  String leaseTtl;

  @Option(
      names = "--heartbeat",
      defaultValue = "1s",
      paramLabel = "DURATION",
      description = "Heartbeat interval advised to agents (default: ${DEFAULT-VALUE}).")
  String heartbeat;

  @Option(
      names = "--admin-port",
      defaultValue = "0",
      description = "Dropwizard admin port: health checks, metrics (default: any free port).")
  int adminPort;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (port < 0 || port > 65535) {
      return fail(err, "--port must be 0..65535 (0 = any free port), not " + port, 2);
    }
    if (adminPort < 0 || adminPort > 65535) {
      return fail(err, "--admin-port must be 0..65535 (0 = any free port), not " + adminPort, 2);
    }
    if (keystore != null && !https) {
      return fail(
          err, "--keystore is for HTTPS; add --https, or leave --keystore out for plain HTTP", 2);
    }
    EmbeddedRegistry.Settings settings;
    try {
      settings =
          new EmbeddedRegistry.Settings(
              db,
              new EmbeddedRegistry.Settings.Listen(host, port, adminPort),
              new EmbeddedRegistry.Settings.LeaseTiming(
                  duration("--lease-ttl", leaseTtl), duration("--heartbeat", heartbeat)),
              true,
              https ? UserPath.expand(keystore == null ? DEFAULT_KEYSTORE : keystore) : null,
              null);
    } catch (IllegalArgumentException e) {
      return fail(err, e.getMessage(), 2);
    }
    EmbeddedRegistry registry;
    try {
      registry = EmbeddedRegistry.start(settings);
    } catch (RegistryStartException e) {
      return fail(err, e.getMessage(), 1);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  registry.stop();
                  stopped.countDown();
                },
                "registry-shutdown"));
    out.printf(
        "registry listening on %s (admin http://%s:%d, database %s); Ctrl-C stops it%n",
        registry.url(), host, registry.adminPort(), db.replaceAll("(?i)(password=)[^&]*", "$1***"));
    registry
        .certificate()
        .ifPresent(
            c ->
                out.printf(
                    "certificate SHA-256 fingerprint %s; agents trust it with --registry-fingerprint %s (keystore %s%s)%n",
                    c.fingerprint(), c.fingerprint(), c.file(), c.generated() ? ", made now" : ""));
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      registry.stop();
    }
    return 0;
  }

  /** One line on stderr, in the form every p2pchat command uses. */
  private static int fail(PrintWriter err, String message, int code) {
    err.println("p2pchat discovery: " + message);
    err.flush();
    return code;
  }

  /** Reads {@code 3s}, {@code 500ms}, {@code 2m} or a bare number of seconds. */
  static Duration duration(String option, String text) {
    try {
      String t = text.strip();
      if (t.matches("\\d+")) {
        return Duration.ofSeconds(Long.parseLong(t));
      }
      Duration d = Duration.ofMillis(io.dropwizard.util.Duration.parse(t).toMilliseconds());
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException();
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          option + " must be a duration such as 3s or 500ms: '" + text + "'");
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new DiscoveryCommand()).execute(args));
  }
}

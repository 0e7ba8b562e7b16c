package p2pchat.discovery;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.ExternalLoggingFactory;
import io.dropwizard.request.logging.ExternalRequestLogFactory;
import io.dropwizard.util.Duration;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A registry started in this JVM, for tests, the scenario runner and {@code p2pchat discovery}.
 * Several can run side by side; none touches JVM-wide state unless {@link Settings#logging}
 * asks it to configure logging. {@link #stop()} then {@link #start()} restarts it on the same
 * port and database. Thread-safe.
 *
 * <pre>{@code
 * EmbeddedRegistry registry = EmbeddedRegistry.start(EmbeddedRegistry.Settings.onFile(dir.resolve("r.db")));
 * URI url = registry.url();   // http://127.0.0.1:<port>
 * registry.stop();            // peers stay in the file
 * registry.start();           // same port, same peers and keys
 * }</pre>
 */
public final class EmbeddedRegistry implements AutoCloseable {

  /**
   * How to run a registry. {@code port} and {@code adminPort} 0 mean any free port.
   *
   * @param database a file path or {@code :memory:}
   * @param logging configure logging for this JVM (the command line does; embedding code
   *     keeps its own)
   */
  public record Settings(
      String database, String host, int port, int adminPort,
      java.time.Duration leaseTtl, java.time.Duration heartbeat, boolean logging) {

    /** Any free port on 127.0.0.1, default lease (3 s) and heartbeat (1 s). */
    public static Settings onFile(Path database) {
      return new Settings(database.toString(), "127.0.0.1", 0, 0,
          java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(1), false);
    }

    public static Settings inMemory() {
      return onFile(Path.of(":memory:")).withDatabase(":memory:");
    }

    public Settings withDatabase(String database) {
      return new Settings(database, host, port, adminPort, leaseTtl, heartbeat, logging);
    }

    public Settings withPort(int port) {
      return new Settings(database, host, port, adminPort, leaseTtl, heartbeat, logging);
    }

    public Settings withHost(String host) {
      return new Settings(database, host, port, adminPort, leaseTtl, heartbeat, logging);
    }

    public Settings withAdminPort(int adminPort) {
      return new Settings(database, host, port, adminPort, leaseTtl, heartbeat, logging);
    }

    /** Lease and heartbeat together (the lease must be the longer). */
    public Settings withLease(java.time.Duration leaseTtl, java.time.Duration heartbeat) {
      return new Settings(database, host, port, adminPort, leaseTtl, heartbeat, logging);
    }

    public Settings withLogging(boolean logging) {
      return new Settings(database, host, port, adminPort, leaseTtl, heartbeat, logging);
    }
  }

  private Settings settings;
  private Server server; // null while stopped

  private EmbeddedRegistry(Settings settings) {
    this.settings = settings;
  }

  /**
   * Starts a registry and returns once it serves requests.
   *
   * @throws RegistryStartException with a one-line message (port in use, database unusable)
   */
  public static EmbeddedRegistry start(Settings settings) {
    EmbeddedRegistry registry = new EmbeddedRegistry(settings);
    registry.start();
    return registry;
  }

  /** Starts it again after {@link #stop()}, on the port it had, with the same database. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    DiscoveryConfiguration config = configuration(settings);
    Server started = run(config, settings.logging());
    server = started;
    // Keep the ports, so clients holding the URL find the registry again after a restart.
    settings = settings.withPort(localPort(started, 0)).withAdminPort(localPort(started, 1));
  }

  /** Stops serving; parked long-polls are answered first. Idempotent. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the registry did not stop cleanly: " + e.getMessage(), e);
    } finally {
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  public synchronized boolean running() {
    return server != null;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8000}. */
  public synchronized URI url() {
    return URI.create("http://" + settings.host() + ":" + settings.port());
  }

  public synchronized int port() {
    return settings.port();
  }

  /** The Dropwizard admin port (health checks, metrics). */
  public synchronized int adminPort() {
    return settings.adminPort();
  }

  public synchronized Settings settings() {
    return settings;
  }

  static DiscoveryConfiguration configuration(Settings s) {
    DiscoveryConfiguration config = new DiscoveryConfiguration()
        .database(s.database())
        .leaseTtl(Duration.milliseconds(s.leaseTtl().toMillis()))
        .heartbeat(Duration.milliseconds(s.heartbeat().toMillis()));
    DefaultServerFactory server = new DefaultServerFactory();
    server.setApplicationConnectors(List.of(connector(s.host(), s.port())));
    server.setAdminConnectors(List.of(connector(s.host(), s.adminPort())));
    ExternalRequestLogFactory noRequestLog = new ExternalRequestLogFactory();
    noRequestLog.setEnabled(false);
    server.setRequestLogFactory(noRequestLog);
    server.setEnableThreadNameFilter(false); // costs more than a lookup's query
    server.getGzipFilterFactory().setEnabled(false); // answers are a few hundred bytes of JSON
    server.setShutdownGracePeriod(Duration.milliseconds(0)); // stop at once: tests and scenarios stop registries often
    config.setServerFactory(server);
    if (s.logging()) {
      DefaultLoggingFactory logging = new DefaultLoggingFactory();
      logging.setLevel("WARN");
      logging.setLoggers(Map.of("p2pchat", com.fasterxml.jackson.databind.node.TextNode.valueOf("INFO")));
      config.setLoggingFactory(logging);
    } else {
      config.setLoggingFactory(new ExternalLoggingFactory());
    }
    return config;
  }

  private static HttpConnectorFactory connector(String host, int port) {
    HttpConnectorFactory http = new HttpConnectorFactory();
    http.setBindHost(host);
    http.setPort(port);
    return http;
  }

  /** What {@code server config.yml} does, minus the process-wide parts. */
  private static Server run(DiscoveryConfiguration config, boolean logging) {
    DiscoveryApplication app = logging ? new DiscoveryApplication() : new QuietApplication();
    Bootstrap<DiscoveryConfiguration> bootstrap = new Bootstrap<>(app);
    app.initialize(bootstrap);
    RegistryStartException.checkValid(config, bootstrap.getValidatorFactory().getValidator());
    Server server = null;
    try {
      config.getLoggingFactory().configure(bootstrap.getMetricRegistry(), app.getName());
      Environment environment = new Environment(app.getName(), bootstrap.getObjectMapper(),
          bootstrap.getValidatorFactory(), bootstrap.getMetricRegistry(), bootstrap.getClassLoader(),
          bootstrap.getHealthCheckRegistry(), config);
      config.getMetricsFactory().configure(environment.lifecycle(), bootstrap.getMetricRegistry());
      config.getServerFactory().configure(environment);
      bootstrap.run(config, environment);
      app.run(config, environment);
      server = config.getServerFactory().build(environment);
      server.setStopAtShutdown(false); // whoever embeds it decides when it stops (the CLI has a hook)
      server.start();
      return server;
    } catch (Exception e) {
      stopQuietly(server);
      throw RegistryStartException.explain(e, config);
    }
  }

  private static void stopQuietly(Server server) {
    if (server == null) {
      return;
    }
    try {
      server.stop();
    } catch (Exception ignored) {
      // already failing; the start error is the one to report
    }
  }

  private static int localPort(Server server, int index) {
    return ((ServerConnector) server.getConnectors()[index]).getLocalPort();
  }

  /** Leaves the JVM's logging alone: Dropwizard's bootstrap logging is process-wide. */
  private static final class QuietApplication extends DiscoveryApplication {
    @Override
    protected void bootstrapLogging() {}
  }
}

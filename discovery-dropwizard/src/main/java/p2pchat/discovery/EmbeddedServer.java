package p2pchat.discovery;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.jetty.HttpsConnectorFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.ExternalLoggingFactory;
import io.dropwizard.request.logging.ExternalRequestLogFactory;
import io.dropwizard.util.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import p2pchat.discovery.tls.RegistryKeystore;

/**
 * How an {@link EmbeddedRegistry} becomes a running Dropwizard server: its {@link
 * EmbeddedRegistry.Settings} turned into a {@link DiscoveryConfiguration} (connectors, no request
 * log, no grace period, logging only when asked), and what {@code server config.yml} does with it,
 * minus the process-wide parts. Stateless.
 */
final class EmbeddedServer {
  private EmbeddedServer() {}

  static DiscoveryConfiguration configuration(EmbeddedRegistry.Settings s) {
    DiscoveryConfiguration config =
        new DiscoveryConfiguration()
            .database(s.database())
            .lease(
                Duration.milliseconds(s.lease().ttl().toMillis()),
                Duration.milliseconds(s.lease().heartbeat().toMillis()));
    if (s.registrationTokens() != null) {
      config.registrationTokens(s.registrationTokens().toString());
    }
    DefaultServerFactory server = new DefaultServerFactory();
    EmbeddedRegistry.Settings.Listen listen = s.listen();
    server.setApplicationConnectors(
        List.of(
            s.keystore() == null
                ? connector(listen.host(), listen.port())
                : httpsConnector(listen.host(), listen.port(), s.keystore())));
    server.setAdminConnectors(List.of(connector(listen.host(), listen.adminPort())));
    ExternalRequestLogFactory noRequestLog = new ExternalRequestLogFactory();
    noRequestLog.setEnabled(false);
    server.setRequestLogFactory(noRequestLog);
    server.setEnableThreadNameFilter(false); // costs more than a lookup's query
    server.getGzipFilterFactory().setEnabled(false); // answers are a few hundred bytes of JSON
    server.setShutdownGracePeriod(
        Duration.milliseconds(0)); // stop at once: tests and scenarios stop registries often
    config.setServerFactory(server);
    if (s.logging()) {
      DefaultLoggingFactory logging = new DefaultLoggingFactory();
      logging.setLevel("WARN");
      logging.setLoggers(
          Map.of(
              "p2pchat", com.fasterxml.jackson.databind.node.TextNode.valueOf("INFO"),
              // the command line prints the certificate's fingerprint itself
              "p2pchat.discovery.tls",
                  com.fasterxml.jackson.databind.node.TextNode.valueOf("WARN")));
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

  private static HttpsConnectorFactory httpsConnector(String host, int port, Path keystore) {
    Path file = keystore.toAbsolutePath().normalize();
    HttpsConnectorFactory https = new HttpsConnectorFactory();
    https.setBindHost(host);
    https.setPort(port);
    https.setKeyStorePath(file.toString());
    https.setKeyStorePassword(RegistryKeystore.passwordBeside(file));
    https.setKeyStoreType("PKCS12");
    return https;
  }

  /** What {@code server config.yml} does, minus the process-wide parts. */
  static Server run(DiscoveryConfiguration config, boolean logging) {
    DiscoveryApplication app = logging ? new DiscoveryApplication() : new QuietApplication();
    Bootstrap<DiscoveryConfiguration> bootstrap = new Bootstrap<>(app);
    app.initialize(bootstrap);
    RegistryStartException.checkValid(config, bootstrap.getValidatorFactory().getValidator());
    Server server = null;
    try {
      config.getLoggingFactory().configure(bootstrap.getMetricRegistry(), app.getName());
      Environment environment =
          new Environment(
              app.getName(),
              bootstrap.getObjectMapper(),
              bootstrap.getValidatorFactory(),
              bootstrap.getMetricRegistry(),
              bootstrap.getClassLoader(),
              bootstrap.getHealthCheckRegistry(),
              config);
      config.getMetricsFactory().configure(environment.lifecycle(), bootstrap.getMetricRegistry());
      config.getServerFactory().configure(environment);
      bootstrap.run(config, environment);
      app.run(config, environment);
      server = config.getServerFactory().build(environment);
      server.setStopAtShutdown(
          false); // whoever embeds it decides when it stops (the CLI has a hook)
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

  /** Leaves the JVM's logging alone: Dropwizard's bootstrap logging is process-wide. */
  private static final class QuietApplication extends DiscoveryApplication {
    @Override
    protected void bootstrapLogging() {}
  }
}

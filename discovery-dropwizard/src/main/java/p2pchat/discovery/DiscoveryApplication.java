package p2pchat.discovery;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.util.Duration;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import p2pchat.discovery.core.ChangeFeed;
import p2pchat.discovery.core.LeaseReaper;
import p2pchat.discovery.core.RegistrationLimit;
import p2pchat.discovery.core.RegistrationPolicy;
import p2pchat.discovery.core.Registry;
import p2pchat.discovery.db.RegistryDatabase;
import p2pchat.discovery.health.DatabaseHealthCheck;
import p2pchat.discovery.resources.BodyDigestFilter;
import p2pchat.discovery.resources.ChangesResource;
import p2pchat.discovery.resources.ErrorMappers;
import p2pchat.discovery.resources.JsonErrorHandler;
import p2pchat.discovery.resources.LeasesResource;
import p2pchat.discovery.resources.LookupFastPath;
import p2pchat.discovery.resources.PeersResource;
import p2pchat.discovery.resources.PresenceResource;
import p2pchat.discovery.tls.HttpsConnectors;

/**
 * The discovery registry as a Dropwizard application: {@code java -jar ... server config.yml}.
 * {@link EmbeddedRegistry} runs the same wiring in-process. Not final: the embedded form turns off
 * Dropwizard's JVM-wide bootstrap logging in a subclass.
 */
public class DiscoveryApplication extends Application<DiscoveryConfiguration> {

  public static void main(String[] args) throws Exception {
    new DiscoveryApplication().run(args);
  }

  @Override
  public String getName() {
    return "p2pchat-discovery";
  }

  @Override
  public void initialize(Bootstrap<DiscoveryConfiguration> bootstrap) {
    bootstrap
        .getObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
  }

  @Override
  public void run(DiscoveryConfiguration config, Environment environment) {
    if (config.getServerFactory() instanceof AbstractServerFactory server) {
      server.setRegisterDefaultExceptionMappers(false); // ours answer {code, message} everywhere
      // Let Jersey refuse odd methods (TRACE, ...) itself, so the 405 is JSON too.
      server.setAllowedMethods(
          Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "CONNECT"));
    }
    keepConnectionsThroughLongPolls(config);
    HttpsConnectors.prepare(
        config.getServerFactory()); // a keystore made on first start, its fingerprint logged

    RegistryDatabase db =
        config.database().shortForm()
            ? new RegistryDatabase(
                config.database().getUrl(), config.databasePoolSize(), environment.metrics())
            : new RegistryDatabase(config.database(), environment.metrics());
    environment.lifecycle().manage(db);
    ChangeFeed feed = new ChangeFeed(db, config.versionPollInterval().toMilliseconds());
    environment.lifecycle().manage(feed);
    environment
        .lifecycle()
        .addEventListener(
            new LifeCycle.Listener() {
              @Override
              public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                  server.setErrorHandler(
                      new JsonErrorHandler()); // errors outside Jersey are JSON too
                }
              }

              @Override
              public void lifeCycleStopping(LifeCycle event) {
                feed.release(); // a stopping server need not wait out parked long-polls
              }
            });
    Clock clock = db.clock(); // the database's, so instances with skewed clocks agree on leases
    Registry registry = new Registry(db, clock, config.leaseTtl().toMilliseconds(), feed::changed);
    LeaseReaper reaper =
        new LeaseReaper(db, clock, config.reaperInterval().toMilliseconds(), feed::changed);
    environment.lifecycle().manage(reaper);
    registerGauges(environment, db, feed, reaper);

    environment.healthChecks().register("database", new DatabaseHealthCheck(db));
    long heartbeatMillis = config.heartbeat().toMilliseconds();
    environment
        .jersey()
        .register(
            new PeersResource(
                registry,
                heartbeatMillis,
                new RegistrationLimit(config.registrationsPerMinute(), clock::millis),
                RegistrationPolicy.of(config.registration(), config.registrationTokensFile())));
    environment.jersey().register(new PresenceResource(registry, heartbeatMillis));
    environment
        .jersey()
        .register(
            new LeasesResource(
                registry,
                heartbeatMillis,
                environment.metrics().meter("p2pchat.registry.renewals")));
    environment.jersey().register(new ChangesResource(feed, config.maxWait().toMilliseconds()));
    environment.jersey().register(new BodyDigestFilter());
    environment
        .servlets()
        .addFilter(
            "lookup-fast-path",
            new LookupFastPath(db, environment.getObjectMapper(), environment.metrics()))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/v1/peers/*");
    ErrorMappers.registerAll(environment.jersey());
  }

  /**
   * Operations figures under {@code p2pchat.registry.*} on the admin port's /metrics: leases held
   * (read from the database, cached for a second), long-polls parked here, leases this instance
   * expired. Renewal rates and database time are the request timers (@Timed) and the pool's.
   */
  private static void registerGauges(
      Environment environment, RegistryDatabase db, ChangeFeed feed, LeaseReaper reaper) {
    com.codahale.metrics.MetricRegistry metrics = environment.metrics();
    metrics.register(
        "p2pchat.registry.leases.held",
        new com.codahale.metrics.CachedGauge<Long>(1, java.util.concurrent.TimeUnit.SECONDS) {
          @Override
          protected Long loadValue() {
            try {
              return db.read(p2pchat.discovery.db.PeerDao::countOnline);
            } catch (RuntimeException e) {
              return -1L;
            }
          }
        });
    metrics.register(
        "p2pchat.registry.longpolls.parked", (com.codahale.metrics.Gauge<Integer>) feed::parked);
    metrics.register(
        "p2pchat.registry.leases.expired", (com.codahale.metrics.Gauge<Long>) reaper::expired);
  }

  /** A connection idle longer than the longest long-poll would be cut just before its answer. */
  private static void keepConnectionsThroughLongPolls(DiscoveryConfiguration config) {
    if (!(config.getServerFactory() instanceof DefaultServerFactory server)) {
      return;
    }
    Duration needed = Duration.milliseconds(config.maxWait().toMilliseconds() + 15_000);
    for (ConnectorFactory connector : server.getApplicationConnectors()) {
      if (connector instanceof HttpConnectorFactory http
          && http.getIdleTimeout().toMilliseconds() < needed.toMilliseconds()) {
        http.setIdleTimeout(needed);
      }
    }
  }
}

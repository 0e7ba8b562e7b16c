package p2pchat.discovery;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import p2pchat.discovery.tls.RegistryKeystore;
import p2pchat.discovery.tls.TlsSetupException;

/**
 * A registry started in this JVM, for tests, the scenario runner and {@code p2pchat discovery}.
 * Several can run side by side; none touches JVM-wide state unless {@link Settings#logging} asks it
 * to configure logging. {@link #stop()} then {@link #start()} restarts it on the same port and
 * database. Thread-safe.
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
   * How to run a registry.
   *
   * @param database a file path or {@code :memory:}
   * @param logging configure logging for this JVM (the command line does; embedding code keeps its
   *     own)
   * @param keystore serve HTTPS with this PKCS12 keystore, made on first start, its password in
   *     {@code <keystore>.password}; null serves plain HTTP (the admin port stays plain HTTP)
   * @param registrationTokens admit only registrations carrying a token of this file ({@code
   *     registration: token}); null admits any (open)
   */
  public record Settings(
      String database,
      Listen listen,
      LeaseTiming lease,
      boolean logging,
      Path keystore,
      Path registrationTokens) {

    /** Where the registry listens; {@code port} and {@code adminPort} 0 mean any free port. */
    public record Listen(String host, int port, int adminPort) {}

    /** How long a lease lasts unrenewed, and how often agents should heartbeat (less often). */
    public record LeaseTiming(Duration ttl, Duration heartbeat) {}

    /**
     * Any free port on 127.0.0.1, default lease (3 s) and heartbeat (1 s), plain HTTP, open
     * registration, logging left alone.
     */
    public static Settings onFile(Path database) {
      return new Settings(
          database.toString(),
          new Listen("127.0.0.1", 0, 0),
          new LeaseTiming(Duration.ofSeconds(3), Duration.ofSeconds(1)),
          false,
          null,
          null);
    }

    public static Settings inMemory() {
      return onFile(Path.of(":memory:")).withDatabase(":memory:");
    }

    public Settings withDatabase(String database) {
      return new Settings(database, listen, lease, logging, keystore, registrationTokens);
    }

    public Settings withPort(int port) {
      return withListen(new Listen(listen.host(), port, listen.adminPort()));
    }

    public Settings withAdminPort(int adminPort) {
      return withListen(new Listen(listen.host(), listen.port(), adminPort));
    }

    private Settings withListen(Listen listen) {
      return new Settings(database, listen, lease, logging, keystore, registrationTokens);
    }

    /** Lease and heartbeat together (the lease must be the longer). */
    public Settings withLease(Duration leaseTtl, Duration heartbeat) {
      LeaseTiming timing = new LeaseTiming(leaseTtl, heartbeat);
      return new Settings(database, listen, timing, logging, keystore, registrationTokens);
    }

    public Settings withLogging(boolean logging) {
      return new Settings(database, listen, lease, logging, keystore, registrationTokens);
    }

    /** Only registrations carrying one of the tokens in {@code file} are taken. */
    public Settings withRegistrationTokens(Path file) {
      return new Settings(database, listen, lease, logging, keystore, file);
    }

    /** HTTPS with {@code keystore} (made on first start if it does not exist). */
    public Settings withHttps(Path keystore) {
      return new Settings(database, listen, lease, logging, keystore, registrationTokens);
    }
  }

  private Settings settings;
  private Server server; // null while stopped
  private RegistryKeystore.Prepared certificate; // null over plain HTTP

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
    boolean existed = settings.keystore() == null || Files.exists(settings.keystore());
    DiscoveryConfiguration config;
    try {
      config = EmbeddedServer.configuration(settings);
    } catch (TlsSetupException e) {
      throw new RegistryStartException(e.getMessage(), e);
    }
    Server started = EmbeddedServer.run(config, settings.logging());
    server = started;
    if (settings.keystore() != null) {
      Path file = settings.keystore().toAbsolutePath().normalize();
      RegistryKeystore.Prepared now =
          RegistryKeystore.prepare(
              file, RegistryKeystore.passwordBeside(file), "PKCS12", null, List.of());
      certificate = new RegistryKeystore.Prepared(now.file(), now.fingerprint(), !existed);
    }
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

  /** The base URL, e.g. {@code http://127.0.0.1:8000}, or {@code https://...} with a keystore. */
  public synchronized URI url() {
    return URI.create(
        (settings.keystore() == null ? "http" : "https")
            + "://"
            + settings.listen().host()
            + ":"
            + settings.listen().port());
  }

  /**
   * Over HTTPS, the keystore served, its certificate's SHA-256 fingerprint, and whether the last
   * start made it; empty over plain HTTP or before the first start.
   */
  public synchronized Optional<RegistryKeystore.Prepared> certificate() {
    return Optional.ofNullable(certificate);
  }

  public synchronized int port() {
    return settings.listen().port();
  }

  /** The Dropwizard admin port (health checks, metrics). */
  public synchronized int adminPort() {
    return settings.listen().adminPort();
  }

  public synchronized Settings settings() {
    return settings;
  }

  private static int localPort(Server server, int index) {
    return ((ServerConnector) server.getConnectors()[index]).getLocalPort();
  }
}

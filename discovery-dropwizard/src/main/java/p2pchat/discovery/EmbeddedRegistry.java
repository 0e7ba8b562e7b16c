package p2pchat.discovery;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
   * How to run a registry. {@code port} and {@code adminPort} 0 mean any free port.
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
      String host,
      int port,
      int adminPort,
      java.time.Duration leaseTtl,
      java.time.Duration heartbeat,
      boolean logging,
      Path keystore,
      Path registrationTokens) {

    /** Open registration. */
    public Settings(
        String database,
        String host,
        int port,
        int adminPort,
        java.time.Duration leaseTtl,
        java.time.Duration heartbeat,
        boolean logging,
        Path keystore) {
      this(database, host, port, adminPort, leaseTtl, heartbeat, logging, keystore, null);
    }

    /** Plain HTTP. */
    public Settings(
        String database,
        String host,
        int port,
        int adminPort,
        java.time.Duration leaseTtl,
        java.time.Duration heartbeat,
        boolean logging) {
      this(database, host, port, adminPort, leaseTtl, heartbeat, logging, null);
    }

    /** Any free port on 127.0.0.1, default lease (3 s) and heartbeat (1 s). */
    public static Settings onFile(Path database) {
      return new Settings(
          database.toString(),
          "127.0.0.1",
          0,
          0,
          java.time.Duration.ofSeconds(3),
          java.time.Duration.ofSeconds(1),
          false);
    }

    public static Settings inMemory() {
      return onFile(Path.of(":memory:")).withDatabase(":memory:");
    }

    public Settings withDatabase(String database) {
      return copy(c -> c.database = database);
    }

    public Settings withPort(int port) {
      return copy(c -> c.port = port);
    }

    public Settings withHost(String host) {
      return copy(c -> c.host = host);
    }

    public Settings withAdminPort(int adminPort) {
      return copy(c -> c.adminPort = adminPort);
    }

    /** Lease and heartbeat together (the lease must be the longer). */
    public Settings withLease(java.time.Duration leaseTtl, java.time.Duration heartbeat) {
      return copy(
          c -> {
            c.leaseTtl = leaseTtl;
            c.heartbeat = heartbeat;
          });
    }

    public Settings withLogging(boolean logging) {
      return copy(c -> c.logging = logging);
    }

    /** Only registrations carrying one of the tokens in {@code file} are taken. */
    public Settings withRegistrationTokens(Path file) {
      return copy(c -> c.registrationTokens = file);
    }

    /** HTTPS with {@code keystore} (made on first start if it does not exist). */
    public Settings withHttps(Path keystore) {
      return copy(c -> c.keystore = keystore);
    }

    /** These settings with {@code change} applied: the one place a changed copy is made. */
    private Settings copy(java.util.function.Consumer<Fields> change) {
      Fields f = new Fields(this);
      change.accept(f);
      return new Settings(
          f.database,
          f.host,
          f.port,
          f.adminPort,
          f.leaseTtl,
          f.heartbeat,
          f.logging,
          f.keystore,
          f.registrationTokens);
    }

    /** The fields a wither may change. Not thread-safe; one per copy. */
    private static final class Fields {
      String database;
      String host;
      int port;
      int adminPort;
      java.time.Duration leaseTtl;
      java.time.Duration heartbeat;
      boolean logging;
      Path keystore;
      Path registrationTokens;

      Fields(Settings s) {
        database = s.database;
        host = s.host;
        port = s.port;
        adminPort = s.adminPort;
        leaseTtl = s.leaseTtl;
        heartbeat = s.heartbeat;
        logging = s.logging;
        keystore = s.keystore;
        registrationTokens = s.registrationTokens;
      }
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
            + settings.host()
            + ":"
            + settings.port());
  }

  /**
   * Over HTTPS, the keystore served, its certificate's SHA-256 fingerprint, and whether the last
   * start made it; empty over plain HTTP or before the first start.
   */
  public synchronized Optional<RegistryKeystore.Prepared> certificate() {
    return Optional.ofNullable(certificate);
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

  private static int localPort(Server server, int index) {
    return ((ServerConnector) server.getConnectors()[index]).getLocalPort();
  }
}

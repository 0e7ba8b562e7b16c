package p2pchat.bench.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import p2pchat.bench.ChildJvm;

/**
 * The registry in a JVM of its own ({@code p2pchat discovery} through the launcher), on a free
 * loopback port with its database in the benchmark's directory, so load clients and agents measure
 * it from another process. Thread-safe.
 */
public final class RegistryProcess implements AutoCloseable {
  private final ChildJvm jvm;
  private final URI url;

  private RegistryProcess(ChildJvm jvm, URI url) {
    this.jvm = jvm;
    this.url = url;
  }

  public static RegistryProcess start(Path database) {
    return start(database, List.of());
  }

  /** With more {@code p2pchat discovery} options, e.g. {@code --lease-ttl 30s --heartbeat 10s}. */
  public static RegistryProcess start(Path database, List<String> options) {
    return startOn(database.toString(), options);
  }

  /**
   * On {@code database}: a file path, or a {@code jdbc:postgresql:} URL shared with other
   * instances.
   */
  public static RegistryProcess startOn(String database, List<String> options) {
    int port = freePort();
    List<String> args =
        new java.util.ArrayList<>(
            List.of("discovery", "--port", Integer.toString(port), "--db", database));
    args.addAll(options);
    // As bin/p2pchat starts a registry: the parallel collector (see docs/performance.md).
    ChildJvm jvm =
        ChildJvm.start(
            "registry", List.of("-Xmx512m", "-XX:+UseParallelGC"), "p2pchat.launcher.Main", args);
    try {
      jvm.awaitOutput("registry listening on", Duration.ofSeconds(120));
    } catch (RuntimeException e) {
      jvm.close();
      throw e;
    }
    return new RegistryProcess(jvm, URI.create("http://127.0.0.1:" + port));
  }

  public URI url() {
    return url;
  }

  public long pid() {
    return jvm.pid();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  /** kill -9: the instance dies with no goodbye. */
  public void kill() {
    jvm.kill();
  }

  @Override
  public void close() {
    jvm.close();
  }
}

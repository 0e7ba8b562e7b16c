package p2pchat.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import p2pchat.e2e.Cli;

/**
 * The registry and agents as separate OS processes started through {@code bin/p2pchat}, so that a
 * kill is a real kill -9. Children log warnings only (see logback-warn.xml). Not thread-safe.
 */
final class Processes {
  static final Duration START_PATIENCE = Duration.ofSeconds(120);
  private static final Path QUIET_LOGGING =
      Path.of("src/test/resources/reliability/logback-warn.xml").toAbsolutePath();

  private Processes() {}

  /** The environment for a child: small heap, fast start, quiet logging, plus {@code extra}. */
  static Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put(
        "P2PCHAT_JAVA_OPTS",
        "-Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
            + " -Dlogback.configurationFile="
            + QUIET_LOGGING);
    return env;
  }

  /**
   * A free port below the kernel's range for outgoing connections (read from
   * /proc/sys/net/ipv4/ip_local_port_range). A registry restarted on its port while agents keep
   * dialing it must not sit on an ephemeral port: a dial could be given that very port as its
   * source and connect to itself (TCP self-connect), holding the port.
   */
  static int freePort() {
    int below = 32768;
    try {
      // One read from offset 0: a sysctl file answers a read at any later offset with EOF, so a
      // reader that takes a byte first and then the rest gets "3" instead of "32768".
      try (java.io.InputStream in =
          java.nio.file.Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
        byte[] buf = new byte[64];
        int n = in.read(buf);
        int parsed = n > 0 ? Integer.parseInt(new String(buf, 0, n).trim().split("\\s+")[0]) : 0;
        below = parsed > 10_001 ? parsed : below;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: keep the usual bound
    }
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = random.nextInt(10_000, Math.max(10_001, below));
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        return port;
      } catch (IOException taken) {
        // another one
      }
    }
    throw new UncheckedIOException(new IOException("no free port between 10000 and " + below));
  }

  /** Waits until {@code cli} printed {@code line}; a failure shows {@code who}'s stderr. */
  private static void awaitPrinted(Cli cli, String who, String line) {
    await()
        .atMost(START_PATIENCE)
        .untilAsserted(
            () -> assertThat(cli.out()).as("%s stderr: %s", who, cli.err()).contains(line));
  }

  /**
   * A registry process on a fixed port and database file, so that a restart is the same registry.
   */
  static final class Registry implements AutoCloseable {
    private final int port;
    private final Path db;
    private Cli cli;

    Registry(Path db) {
      this.port = freePort();
      this.db = db;
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
      return port;
    }

    Registry start() {
      cli =
          Cli.run(
              env(Map.of()),
              "discovery",
              "--port",
              Integer.toString(port),
              "--db",
              db.toString(),
              "--lease-ttl",
              "2s",
              "--heartbeat",
              "500ms");
      awaitPrinted(cli, "registry", "registry listening on");
      return this;
    }

    void kill() {
      cli.kill();
    }

    @Override
    public void close() {
      if (cli != null) {
        cli.close();
      }
    }
  }

  /** An agent process; {@link #start} waits until it listens. */
  static final class Agent implements AutoCloseable {
    /** What every start of the process is given. */
    private record Launch(
        String name, Path dataDir, Path script, URI registry, Map<String, String> extraEnv) {
      String[] commandLine() {
        return script == null
            ? CliRun.agent(name, registry.toString(), dataDir)
            : CliRun.agent(name, registry.toString(), dataDir, "--script", script.toString());
      }
    }

    private final Launch launch;
    private Cli cli;

    Agent(String name, Path dataDir, Path script, URI registry, Map<String, String> extraEnv) {
      this.launch = new Launch(name, dataDir, script, registry, extraEnv);
    }

    Path dataDir() {
      return launch.dataDir();
    }

    AgentDb db() {
      return AgentDb.of(launch.dataDir());
    }

    Agent start() {
      return launch().awaitListening();
    }

    /** Starts the process without waiting for it to listen. */
    Agent launch() {
      cli = Cli.run(env(launch.extraEnv()), launch.commandLine());
      return this;
    }

    Agent awaitListening() {
      awaitPrinted(cli, launch.name(), "agent " + launch.name() + " listening on");
      return this;
    }

    void kill() {
      cli.kill();
    }

    String output() {
      return cli == null ? "" : cli.out() + cli.err();
    }

    @Override
    public void close() {
      if (cli != null) {
        cli.close();
      }
    }
  }
}

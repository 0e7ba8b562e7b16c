package p2pchat.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from the machine's own binaries (Debian's {@code postgresql}
 * package), for tests, scenarios and benchmarks: {@code initdb} into a temporary folder, started
 * with {@code pg_ctl} on a free loopback port, fsync off, stopped and deleted by {@link #close()}
 * or at JVM exit. Run as the {@code postgres} user when this JVM is root ({@code initdb} refuses
 * root). Thread-safe.
 *
 * <pre>{@code
 * try (LocalPostgres pg = LocalPostgres.start()) {
 *   String url = pg.createDatabase();  // jdbc:postgresql://127.0.0.1:PORT/registry_1?user=postgres
 * }
 * }</pre>
 */
public final class LocalPostgres implements AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;
  private final Thread hook;
  private volatile boolean stopped;

  private LocalPostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
    this.hook = new Thread(this::stopQuietly, "local-postgres-stop");
  }

  /**
   * Creates and starts a server; returns once it accepts connections.
   *
   * @throws IllegalStateException naming what is missing (the binaries) or what failed, in one line
   */
  public static LocalPostgres start() {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path dir = Files.createTempDirectory("p2pchat-pg-");
      if (root) {
        UserPrincipal postgres =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
      }
      LocalPostgres pg = new LocalPostgres(bin, dir, freePort(), root);
      Runtime.getRuntime().addShutdownHook(pg.hook);
      try {
        pg.run(
            "initdb",
            "-D",
            pg.data().toString(),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync");
        pg.run(
            "pg_ctl",
            "-D",
            pg.data().toString(),
            "-l",
            dir.resolve("server.log").toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-p "
                + pg.port
                + " -c listen_addresses=127.0.0.1 -k "
                + dir
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start");
      } catch (RuntimeException e) {
        pg.close();
        throw e;
      }
      return pg;
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare a PostgreSQL data folder: " + e, e);
    }
  }

  /** A new empty database on this server; returns its JDBC URL. */
  public String createDatabase() {
    String name = "registry_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return url(name);
  }

  /** The JDBC URL of {@code database} on this server. */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException exiting) {
      // the JVM is already shutting down; the hook runs anyway
    }
  }

  private synchronized void stopQuietly() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (Files.exists(data().resolve("postmaster.pid"))) {
      try {
        run("pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "stop");
      } catch (RuntimeException e) {
        // best effort: the folder goes either way
      }
    }
    deleteQuietly(dir);
  }

  private Path data() {
    return dir.resolve("data");
  }

  private void run(String tool, String... args) {
    List<String> command = new ArrayList<>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(tool).toString());
    command.addAll(List.of(args));
    Path log = dir.resolve(tool + ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(tool + " did not finish within 90 s; see " + log);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            tool + " failed (exit " + p.exitValue() + "): " + tail(log));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + tool, e);
    }
  }

  /**
   * PostgreSQL's {@code bin} folder: $P2PCHAT_PG_BIN, else the newest /usr/lib/postgresql/N/bin.
   */
  static Path binaries() {
    String env = System.getenv("P2PCHAT_PG_BIN");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        return versions
            .map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
            .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())))
            .orElseThrow(LocalPostgres::missing);
      } catch (IOException e) {
        throw missing();
      }
    }
    throw missing();
  }

  private static Integer versionOf(String folder) {
    return folder.matches("\\d+") ? Integer.parseInt(folder) : 0;
  }

  private static IllegalStateException missing() {
    return new IllegalStateException(
        "no PostgreSQL binaries found under /usr/lib/postgresql/*/bin; "
            + "install the postgresql package (apt-get install postgresql) or set P2PCHAT_PG_BIN");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      return "(no output)";
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException ignored) {
      // a temporary folder: the OS cleans up what is left
    }
  }
}

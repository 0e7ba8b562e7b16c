package p2pchat.bench.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Debian's Mosquitto broker started by the benchmark on a free loopback port, persistence on (its
 * database is saved on an interval and at shutdown, not per message: Mosquitto's default), queues
 * big enough to hold 100,000 messages for an offline persistent session. Thread-safe.
 */
final class Mosquitto implements AutoCloseable {
  static final List<Path> BINARIES =
      List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto"));

  private final Process process;
  private final int port;

  private Mosquitto(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The broker's binary, if the package is installed. */
  static Optional<Path> binary() {
    return BINARIES.stream().filter(Files::isExecutable).findFirst();
  }

  static Mosquitto start(Path binary, Path dir) throws IOException {
    Files.createDirectories(dir);
    int port = freePort();
    Path conf =
        Files.writeString(
            dir.resolve("mosquitto.conf"),
            String.join(
                "\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "user "
                    + System.getProperty("user.name"), // keep our user: the data directory is ours
                "persistence true",
                "persistence_location " + dir + "/",
                "max_queued_messages 1000000",
                "max_inflight_messages 1000",
                "set_tcp_nodelay true",
                "log_dest stderr",
                "log_type error",
                ""));
    Process p =
        new ProcessBuilder(binary.toString(), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("mosquitto.log").toFile())
            .start();
    Mosquitto broker = new Mosquitto(p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!broker.accepting()) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        broker.close();
        throw new IOException(
            "mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.log")).strip());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    return broker;
  }

  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  private boolean accepting() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

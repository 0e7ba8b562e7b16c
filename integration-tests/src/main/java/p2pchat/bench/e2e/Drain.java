package p2pchat.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import p2pchat.agent.Durability;

/**
 * Offline drain: the receiver stops gracefully (the registry says "away"), the sender queues {@code
 * messages} (each committed), the receiver starts again on its data directory. Measured from the
 * call that starts the receiver until the receiver has committed every message and the sender has
 * seen every one acknowledged; also from the moment the sender sees the receiver online again.
 * Stateless; each call builds its own pair.
 */
public final class Drain {
  /** Seconds from restart (and from "online" as seen by the sender) until all delivered. */
  public record Figures(
      int messages, double fromRestartSeconds, double fromOnlineSeconds, double queueSeconds) {}

  private Drain() {}

  /** A drain's figures, then how long the receiver takes to start again on what it drained. */
  public record History(Figures drain, double startSeconds, double emptyStartSeconds) {}

  public static Figures run(Path dir, Durability durability, int messages) throws Exception {
    try (Pair pair = new Pair(Files.createDirectories(dir), durability)) {
      return drain(pair, messages);
    }
  }

  /**
   * {@link #run}, then the receiver, whose history now holds the {@code messages}, stopped and
   * started again: the time {@code Agent.start} takes, beside the time it takes an agent with an
   * empty history in the same JVM just before (start must not grow with history).
   */
  public static History withHistory(Path dir, Durability durability, int messages)
      throws Exception {
    try (Pair pair = new Pair(Files.createDirectories(dir), durability)) {
      Figures drain = drain(pair, messages);
      pair.stopReceiver();
      long e0 = System.nanoTime();
      p2pchat.agent.Agent other = pair.startAnother("Empty", dir.resolve("Empty"));
      double empty = (System.nanoTime() - e0) / 1e9;
      other.stop();
      long s0 = System.nanoTime();
      pair.restartReceiver();
      double start = (System.nanoTime() - s0) / 1e9;
      Pair.awaitOnline(pair.sender(), Pair.RECEIVER);
      return new History(drain, start, empty);
    }
  }

  private static Figures drain(Pair pair, int messages) throws Exception {
    {
      pair.stopReceiver();
      long q0 = System.nanoTime();
      Semaphore window = new Semaphore(Throughput.IN_FLIGHT);
      CompletableFuture<?> last = null;
      for (int i = 0; i < messages; i++) {
        window.acquire();
        last =
            pair.sender()
                .send(Pair.RECEIVER, Throughput.TEXT)
                .whenComplete((m, e) -> window.release());
      }
      window.acquire(Throughput.IN_FLIGHT); // every send committed
      if (last != null) {
        last.join();
      }
      double queueSeconds = (System.nanoTime() - q0) / 1e9;
      long start = System.nanoTime();
      pair.restartReceiver();
      Pair.awaitUntil(
          Duration.ofSeconds(60),
          () -> pair.sender().isOnline(Pair.RECEIVER),
          "the receiver online");
      long online = System.nanoTime();
      pair.awaitAll(messages, Duration.ofMinutes(5));
      long end = System.nanoTime();
      return new Figures(messages, (end - start) / 1e9, (end - online) / 1e9, queueSeconds);
    }
  }
}

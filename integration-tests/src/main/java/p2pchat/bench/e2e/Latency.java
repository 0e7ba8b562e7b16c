package p2pchat.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import p2pchat.agent.AgentListener;
import p2pchat.agent.Durability;
import p2pchat.agent.Message;

/**
 * Latency of single messages from {@code send} to the receiver's handler. The receiver runs a tiny
 * bot script whose handler reads {@code System.nanoTime()} (same JVM, same clock) and replies with
 * it; the sender's listener takes the reply and records handler time minus the time just before
 * {@code send}. The time until the receiver has committed the message (its {@code received}
 * callback) is recorded beside it. Probes go one at a time, at idle and while a background thread
 * on the same link sends at a given rate (half the measured maximum). Not thread-safe; one run at a
 * time.
 */
public final class Latency {
  static final String SCRIPT =
      """
      // bench probe: answers "probe K" with the handler's clock reading
      on message { msg ->
          if (msg.text.startsWith('probe ')) reply "handled ${System.nanoTime()} ${msg.text}"
      }
      """;

  /** Percentiles in milliseconds, to the handler and to the receiver's commit. */
  public record Figures(
      int probes,
      double loadPerSecond,
      double p50,
      double p99,
      double p999,
      double max,
      double storedP50,
      double storedP99) {}

  private final Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
  private final Map<Integer, Long> handledAt = new ConcurrentHashMap<>();
  private final Map<Integer, Long> storedAt = new ConcurrentHashMap<>();

  private Latency() {}

  /**
   * Idle figures first, then figures under {@code loadPerSecond} background messages per second
   * (skipped when 0), on one fresh pair at {@code durability}.
   */
  public static List<Figures> run(Path dir, Durability durability, int probes, double loadPerSecond)
      throws Exception {
    Files.createDirectories(dir);
    Path script = Files.writeString(dir.resolve("probe.groovy"), SCRIPT);
    Latency l = new Latency();
    try (Pair pair = new Pair(dir, durability, script, List.of(l.replies()), List.of(l.stored()))) {
      probe(pair, l, Math.min(probes / 5, 200), 0, 0); // warm-up, not recorded
      Figures idle = probe(pair, l, probes, 0, 1_000_000);
      if (loadPerSecond <= 0) {
        return List.of(idle);
      }
      return List.of(idle, probe(pair, l, probes, loadPerSecond, 2_000_000));
    }
  }

  private AgentListener replies() {
    return new AgentListener() {
      @Override
      public void received(List<Message> messages) {
        for (Message m : messages) {
          if (m.text().startsWith("handled ")) {
            String[] parts = m.text().split(" ");
            handledAt.put(Integer.parseInt(parts[3]), Long.parseLong(parts[1]));
          }
        }
      }
    };
  }

  private AgentListener stored() {
    return new AgentListener() {
      @Override
      public void received(List<Message> messages) {
        long now = System.nanoTime();
        for (Message m : messages) {
          if (m.text().startsWith("probe ")) {
            storedAt.put(Integer.parseInt(m.text().substring(6)), now);
          }
        }
      }
    };
  }

  private static Figures probe(Pair pair, Latency l, int probes, double loadPerSecond, int firstId)
      throws Exception {
    Histogram handler = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    Histogram stored = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    AtomicBoolean loading = new AtomicBoolean(loadPerSecond > 0);
    AtomicLong loadSent = new AtomicLong();
    Thread load =
        new Thread(() -> backgroundLoad(pair, loadPerSecond, loading, loadSent), "bench-load");
    long loadStart = System.nanoTime();
    if (loadPerSecond > 0) {
      load.start();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500)); // let the load settle first
    }
    // Under a load the receiver's script cannot keep up with, each probe waits behind a growing
    // backlog: stop after a minute with the probes taken, rather than run for an hour.
    long phaseEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int taken = 0;
    try {
      for (int i = 0; i < probes && System.nanoTime() < phaseEnd; i++, taken++) {
        int id = firstId + i;
        long t0 = System.nanoTime();
        l.sentAt.put(id, t0);
        pair.sender().send(Pair.RECEIVER, "probe " + id);
        Pair.awaitUntil(
            Duration.ofSeconds(60), () -> l.handledAt.containsKey(id), "the reply to probe " + id);
        handler.recordValue(Math.max(0, l.handledAt.get(id) - t0));
        Long s = l.storedAt.get(id);
        if (s != null) {
          stored.recordValue(Math.max(0, s - t0));
        }
        LockSupport.parkNanos(
            TimeUnit.MICROSECONDS.toNanos(500 + (i * 7919L) % 1500)); // space the probes
      }
    } finally {
      loading.set(false);
      if (loadPerSecond > 0) {
        load.join();
      }
    }
    double achieved =
        loadPerSecond > 0 ? loadSent.get() * 1e9 / (System.nanoTime() - loadStart) : 0;
    return new Figures(
        taken,
        achieved,
        ms(handler, 50),
        ms(handler, 99),
        ms(handler, 99.9),
        handler.getMaxValue() / 1e6,
        ms(stored, 50),
        ms(stored, 99));
  }

  /** Paced sends on the same link: each millisecond, as many as the rate owes by then. */
  private static void backgroundLoad(
      Pair pair, double perSecond, AtomicBoolean loading, AtomicLong sent) {
    Semaphore window = new Semaphore(Throughput.IN_FLIGHT);
    long start = System.nanoTime();
    while (loading.get()) {
      long owed = (long) ((System.nanoTime() - start) / 1e9 * perSecond);
      while (sent.get() < owed && loading.get()) {
        window.acquireUninterruptibly();
        sent.incrementAndGet();
        pair.sender().send(Pair.RECEIVER, Throughput.TEXT).whenComplete((m, e) -> window.release());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
  }
}

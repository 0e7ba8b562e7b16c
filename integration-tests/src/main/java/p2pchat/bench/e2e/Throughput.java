package p2pchat.bench.e2e;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import p2pchat.agent.Agent;
import p2pchat.agent.Durability;

/**
 * End-to-end durable throughput for one pair: {@code threads} threads call {@code
 * sender.send(Receiver, text)} as fast as they can (each send's future is kept, at most {@link
 * #IN_FLIGHT} uncommitted sends across threads, so nobody waits for an fsync per message), and the
 * clock stops when the receiver has committed every message and the sender has seen every one
 * acknowledged. Also the same with each thread joining every send, the way a blocking caller would.
 * Stateless; each call builds its own pair.
 */
public final class Throughput {
  /** 100-byte messages, as in the broker comparison. */
  public static final String TEXT = "m".repeat(100);

  static final int IN_FLIGHT = 4_096;

  /**
   * Messages per second, and this process's CPU time per message over the same interval (both
   * agents, their shared event loop and the in-process registry): a figure that stays meaningful on
   * a machine whose other tenants take most of the CPU.
   */
  public record Figures(double msgsPerSecond, double cpuMicrosPerMessage) {}

  private Throughput() {}

  /**
   * One fresh pair at {@code durability}: a warm-up of {@code warmup} messages from 8 threads, then
   * 1 thread, then 8 threads with {@code messages} each, then (if {@code joinEach} > 0) 8 threads
   * each joining every send. Figures in that order, warm-up left out.
   */
  public static List<Figures> run(
      Path dir, Durability durability, int warmup, int messages, int joinEach) throws Exception {
    try (Pair pair = new Pair(Files.createDirectories(dir), durability)) {
      if (warmup > 0) {
        send(pair, 8, warmup, false);
      }
      List<Figures> figures = new ArrayList<>();
      figures.add(send(pair, 1, messages, false));
      figures.add(send(pair, 8, messages, false));
      if (joinEach > 0) {
        figures.add(send(pair, 8, joinEach, true));
      }
      return figures;
    }
  }

  /** This process's CPU time so far, in nanoseconds. */
  public static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Sends {@code messages} more over an existing pair; measured until all are delivered. */
  public static Figures send(Pair pair, int threads, int messages, boolean joinEach)
      throws Exception {
    Agent sender = pair.sender();
    long receivedBefore = pair.received();
    long deliveredBefore = pair.delivered();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    int share = messages / threads;
    for (int t = 0; t < threads; t++) {
      int count = t == threads - 1 ? messages - share * (threads - 1) : share;
      Thread worker =
          new Thread(
              () -> {
                Semaphore window = new Semaphore(Math.max(1, IN_FLIGHT / threads));
                try {
                  go.await();
                  for (int i = 0; i < count && failure.get() == null; i++) {
                    if (joinEach) {
                      sender.send(Pair.RECEIVER, TEXT).join();
                      continue;
                    }
                    window.acquire();
                    sender
                        .send(Pair.RECEIVER, TEXT)
                        .whenComplete(
                            (m, e) -> {
                              window.release();
                              if (e != null) {
                                failure.compareAndSet(null, e);
                              }
                            });
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                  failure.compareAndSet(null, e);
                }
              },
              "bench-sender-" + t);
      worker.start();
      workers.add(worker);
    }
    long cpu = processCpuNanos();
    long start = System.nanoTime();
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "a send failed: " + failure.get().getMessage(), failure.get());
    }
    long target = messages;
    Pair.awaitUntil(
        Duration.ofMinutes(10),
        () ->
            pair.received() - receivedBefore >= target
                && pair.delivered() - deliveredBefore >= target,
        messages + " messages delivered");
    return new Figures(
        messages * 1e9 / (System.nanoTime() - start), (processCpuNanos() - cpu) / 1e3 / messages);
  }
}

package p2pchat.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentListener;
import p2pchat.agent.AgentRuntime;
import p2pchat.agent.Durability;
import p2pchat.agent.Message;
import p2pchat.discovery.EmbeddedRegistry;

/**
 * Fan-in: {@code senders} agents send to one receiver at once, each over its own link, all in one
 * JVM and one {@link AgentRuntime}, each with its own SQLite file, through the public API. The
 * clock runs from the first send until the receiver has committed every message and every sender
 * has seen each of its own acknowledged. What it shows: whether the receiver's commits batch across
 * links (one fsync for many senders' messages) rather than one a link. Not thread-safe: one run at
 * a time.
 */
public final class FanIn {
  private static final int THREADS = 8;
  private static final int IN_FLIGHT_PER_SENDER = 256;

  /** Messages a second, all senders together, and how many senders and messages. */
  public record Figures(int senders, int messages, double perSecond) {}

  private FanIn() {}

  public static Figures run(Path dir, int senders, int messagesEach) throws Exception {
    Files.createDirectories(dir);
    AtomicLong received = new AtomicLong();
    AtomicLong delivered = new AtomicLong();
    List<Agent> agents = new ArrayList<>();
    try (EmbeddedRegistry registry =
            EmbeddedRegistry.start(
                EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db")).withLogging(false));
        AgentRuntime runtime = AgentRuntime.create()) {
      try {
        agents.add(
            Agent.start(
                config("Receiver", registry, dir),
                runtime,
                new AgentListener() {
                  @Override
                  public void received(List<Message> stored) {
                    received.addAndGet(stored.size());
                  }
                }));
        AgentListener acks =
            new AgentListener() {
              @Override
              public void delivered(List<Message> messages) {
                delivered.addAndGet(messages.size());
              }
            };
        List<Agent> from = new ArrayList<>();
        for (int i = 1; i <= senders; i++) {
          Agent a = Agent.start(config("S" + i, registry, dir), runtime, acks);
          agents.add(a);
          from.add(a);
        }
        for (Agent a : from) {
          Pair.awaitUntil(
              Duration.ofSeconds(60),
              () -> a.isOnline("Receiver"),
              a.name() + " to see the receiver online");
        }
        // Each sender's link made, so the clock measures messages rather than handshakes.
        send(from, 1);
        long total = (long) senders * (messagesEach + 1);
        Pair.awaitUntil(
            Duration.ofMinutes(2),
            () -> received.get() >= senders && delivered.get() >= senders,
            "every sender's first message");
        long t0 = System.nanoTime();
        send(from, messagesEach);
        Pair.awaitUntil(
            Duration.ofMinutes(5),
            () -> received.get() >= total && delivered.get() >= total,
            "all messages (received " + received.get() + ", acked " + delivered.get() + ")");
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Figures(senders, senders * messagesEach, senders * messagesEach / seconds);
      } finally {
        for (int i = agents.size() - 1; i >= 0; i--) {
          agents.get(i).stop();
        }
      }
    }
  }

  private static AgentConfig config(String name, EmbeddedRegistry registry, Path dir) {
    return AgentConfig.of(name, registry.url(), dir.resolve(name)).withDurability(Durability.FULL);
  }

  /** {@code each} messages from every sender, {@link #THREADS} threads sharing the senders. */
  private static void send(List<Agent> from, int each) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t;
        done.add(
            pool.submit(
                () -> {
                  List<Agent> mine = new ArrayList<>();
                  for (int i = first; i < from.size(); i += THREADS) {
                    mine.add(from.get(i));
                  }
                  sendRoundRobin(mine, each);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static void sendRoundRobin(List<Agent> senders, int each) {
    List<Semaphore> windows = new ArrayList<>();
    senders.forEach(s -> windows.add(new Semaphore(IN_FLIGHT_PER_SENDER)));
    CompletableFuture<?> last = null;
    for (int m = 0; m < each; m++) {
      for (int s = 0; s < senders.size(); s++) {
        Semaphore window = windows.get(s);
        window.acquireUninterruptibly();
        last =
            senders
                .get(s)
                .send("Receiver", Throughput.TEXT)
                .whenComplete((x, e) -> window.release());
      }
    }
    windows.forEach(w -> w.acquireUninterruptibly(IN_FLIGHT_PER_SENDER));
    if (last != null) {
      last.join();
    }
  }
}

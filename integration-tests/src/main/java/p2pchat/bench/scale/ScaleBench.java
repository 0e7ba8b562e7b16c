package p2pchat.bench.scale;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentListener;
import p2pchat.agent.AgentRuntime;
import p2pchat.agent.Message;
import p2pchat.bench.e2e.Pair;

/**
 * Many agents in one JVM sharing one {@link AgentRuntime}, each running a small forward-once
 * script: the benchmark sends one message from every agent to its neighbour, each receiver's script
 * forwards it once to its own neighbour, so 2 × N messages must arrive. Measures the time to start
 * all agents ({@code starters} threads calling {@link Agent#start}), the time until every message
 * is committed and acknowledged, and this JVM's RSS, threads and open files. Run in a JVM of its
 * own, so the RSS is the agents' alone: {@code java -cp ... p2pchat.bench.scale.ScaleBench
 * REGISTRY_URL AGENTS DIR [HEARTBEAT_MS]}; the last line it prints is {@code SCALE key=value ...},
 * also when not every message arrived within 5 minutes (then the exit code is 1). Not thread-safe;
 * one run per JVM.
 */
public final class ScaleBench {
  static final String SCRIPT =
      """
      // bench: forwards every first-hand message once to the next agent in the ring
      on message { msg ->
          if (!msg.text.startsWith('fwd: ')) {
              int i = me.substring(1) as int
              send String.format('a%%04d', (i + 1) %% %d), "fwd: ${msg.text}"
          }
      }
      """;

  /** Sends not yet committed at once, at most. */
  static final int IN_FLIGHT = 64;

  private ScaleBench() {}

  /**
   * This JVM's CPU time so far: the SCALE line gives it per phase beside the wall time, which on a
   * shared machine moves with the neighbours' load.
   */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  public static void main(String[] args) throws Exception {
    URI registry = URI.create(args[0]);
    int n = Integer.parseInt(args[1]);
    Path dir = Files.createDirectories(Path.of(args[2]));
    Duration heartbeat = Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 1000);
    int starters = 8;
    Path script =
        Files.writeString(
            dir.resolve("forward-once.groovy"), String.format(Locale.ROOT, SCRIPT, n));
    long rssBefore = rssKb();
    AtomicLong received = new AtomicLong();
    AtomicLong delivered = new AtomicLong();
    AgentListener counter =
        new AgentListener() {
          @Override
          public void received(List<Message> messages) {
            received.addAndGet(messages.size());
          }

          @Override
          public void delivered(List<Message> messages) {
            delivered.addAndGet(messages.size());
          }
        };
    List<Agent> agents = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(starters);
    try (AgentRuntime runtime = AgentRuntime.create()) {
      long t0 = System.nanoTime();
      long cpu0 = cpuNanos();
      List<Future<Agent>> started = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        AgentConfig config =
            AgentConfig.of(name(i), registry, dir.resolve(name(i)))
                .withScript(script)
                .withHeartbeat(heartbeat);
        started.add(pool.submit(() -> Agent.start(config, runtime, counter)));
      }
      for (Future<Agent> f : started) {
        agents.add(f.get());
      }
      double startSeconds = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      long cpu1 = cpuNanos();
      // The agents send side by side, at most IN_FLIGHT uncommitted sends at a time: all 5,000
      // at once would open every agent's database and link together, more files than a process
      // may hold (docs/performance.md, "Thousands of agents").
      Semaphore window = new Semaphore(IN_FLIGHT);
      List<CompletableFuture<Message>> sent = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        window.acquireUninterruptibly();
        sent.add(
            agents
                .get(i)
                .send(name((i + 1) % n), "hello from " + name(i))
                .whenComplete((m, e) -> window.release()));
      }
      sent.forEach(CompletableFuture::join);
      double sentSeconds = (System.nanoTime() - t1) / 1e9;
      long expected = 2L * n;
      boolean all = true;
      try {
        Pair.awaitUntil(
            Duration.ofMinutes(5),
            () -> received.get() >= expected && delivered.get() >= expected,
            expected + " messages delivered");
      } catch (IllegalStateException e) {
        all = false; // report what did arrive, and how the process looks, all the same
      }
      double deliverSeconds = (System.nanoTime() - t1) / 1e9;
      long cpu2 = cpuNanos();
      long rss = rssKb();
      System.out.printf(
          Locale.ROOT,
          "SCALE agents=%d start_s=%.3f deliver_s=%.3f sent_s=%.3f messages=%d received=%d acked=%d rss_mb=%.1f rss_before_mb=%.1f"
              + " threads=%d fds=%d start_cpu_s=%.1f deliver_cpu_s=%.1f%n",
          n,
          startSeconds,
          deliverSeconds,
          sentSeconds,
          expected,
          received.get(),
          delivered.get(),
          rss / 1024.0,
          rssBefore / 1024.0,
          threads(),
          fds(),
          (cpu1 - cpu0) / 1e9,
          (cpu2 - cpu1) / 1e9);
      System.out.flush();
      if (!all) {
        Runtime.getRuntime()
            .halt(1); // stopping 1,000 struggling agents gracefully would take minutes more
      }
      stopAll(agents);
    } finally {
      pool.shutdownNow();
    }
  }

  static String name(int i) {
    return String.format(Locale.ROOT, "a%04d", i);
  }

  private static void stopAll(List<Agent> agents) throws InterruptedException {
    ExecutorService stoppers = Executors.newFixedThreadPool(8);
    agents.forEach(a -> stoppers.execute(a::stop));
    stoppers.shutdown();
    stoppers.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
  }

  /** VmRSS of this process in kB, 0 where /proc is not there. */
  public static long rssKb() {
    return statusField("VmRSS:");
  }

  static long threads() {
    return statusField("Threads:");
  }

  private static long statusField(String field) {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
      return lines
          .filter(l -> l.startsWith(field))
          .map(l -> l.replaceAll("\\D", ""))
          .mapToLong(Long::parseLong)
          .findFirst()
          .orElse(0);
    } catch (IOException e) {
      return 0;
    }
  }

  static long fds() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      return 0;
    }
  }
}

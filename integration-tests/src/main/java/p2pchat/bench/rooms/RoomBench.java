package p2pchat.bench.rooms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentListener;
import p2pchat.agent.Durability;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.RoomHeader;
import p2pchat.bench.JitCpu;
import p2pchat.discovery.EmbeddedRegistry;
import p2pchat.harness.LocalAgents;

/**
 * Rooms (docs/rooms.md), measured in one JVM over 127.0.0.1 through the public API, FULL
 * durability: an author's fan-out to a room of members against the same author sending the same
 * messages to each member as pairs (same run), and a member's drain after being offline — from the
 * author, and from another member once the author is gone for good. Not thread-safe: one run at a
 * time.
 */
public final class RoomBench implements AutoCloseable {
  private static final String TEXT = "r".repeat(100);
  private static final int IN_FLIGHT = 2_048;
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static final int MAX_WARM_PAIRS = 12;

  /** The figures; rates count each message once, however many members it reaches. */
  public record Figures(
      int members,
      int messages,
      double roomPerSecond,
      double pairsPerSecond,
      int drainMessages,
      double drainSeconds,
      double relayDrainSeconds) {}

  private final Path dir;
  private final LocalAgents local;
  private final Map<String, AtomicLong> taken = new ConcurrentHashMap<>();

  private RoomBench(Path dir) {
    this.dir = dir;
    this.local =
        new LocalAgents(
            EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db")).withLogging(false));
  }

  public static Figures run(Path dir, int members, int messages, int drainMessages)
      throws Exception {
    Files.createDirectories(dir);
    double room;
    double pairs;
    try (RoomBench b = new RoomBench(dir.resolve("fan-out"))) {
      Agent author = b.start("Author");
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= members; i++) {
        names.add("M" + i);
        b.start("M" + i);
      }
      b.awaitKnown(author, names);
      author.rooms().create("#bench", names).join();
      b.await(() -> names.stream().allMatch(n -> b.count(n) >= 0 && b.joined(n)), "all joined");
      // Warm both paths up until the JIT has settled: a round of each at half the size again until
      // the compiler threads used less than a tenth of the pair's CPU (at most twelve pairs). After
      // two fixed pairs of a fifth, they still used 30-50% of the CPU in the measured rounds, more
      // in the room's (Ed25519, the Merkle tree and the room tables are code the pairs path does
      // not run), so the ratio measured the JIT rather than a room that has been running a while.
      // Then four rounds of each in the order room, pairs, pairs, room, pairs, room, room, pairs,
      // keeping the best of each: in this order both have the same mean position, and neither
      // gets the JIT's or the disk's better moment alone.
      for (int warm = 1; warm <= MAX_WARM_PAIRS; warm++) {
        long jit0 = JitCpu.compilerNanos();
        long cpu0 = JitCpu.processNanos();
        b.timed(() -> b.send(author, List.of("#bench"), messages / 2), names, messages / 2);
        b.timed(() -> b.send(author, names, messages / 2), names, messages / 2);
        double share =
            (JitCpu.compilerNanos() - jit0) / (double) Math.max(1, JitCpu.processNanos() - cpu0);
        if (Boolean.getBoolean("p2pchat.bench.roomCpu")) {
          System.out.printf(
              "  warm-up pair %d: the JIT used %.0f%% of the CPU%n", warm, share * 100);
        }
        if (share < 0.1) {
          break;
        }
      }
      room = 0;
      pairs = 0;
      for (char round : "RPPRPRRP".toCharArray()) {
        if (round == 'R') {
          room =
              Math.max(
                  room,
                  b.timed(() -> b.send(author, List.of("#bench"), messages), names, messages));
        } else {
          pairs = Math.max(pairs, b.timed(() -> b.send(author, names, messages), names, messages));
        }
      }
    }
    double drain;
    double relay;
    try (RoomBench b = new RoomBench(dir.resolve("drain"))) {
      drain = b.drain(drainMessages, false);
    }
    try (RoomBench b = new RoomBench(dir.resolve("relay"))) {
      relay = b.drain(drainMessages, true);
    }
    return new Figures(members, messages, room, pairs, drainMessages, drain, relay);
  }

  /**
   * Dan is offline while the author writes {@code messages} in a room of three; then Dan starts and
   * the clock runs until he has them all. With {@code authorGone} the author has crashed for good
   * before Dan starts, once Carol has everything: Carol passes them on.
   */
  private double drain(int messages, boolean authorGone) throws Exception {
    Agent author = start("Author");
    Agent carol = start("Carol");
    Agent dan = start("Dan");
    awaitKnown(author, List.of("Carol", "Dan"));
    author.rooms().create("#drain", List.of("Carol", "Dan")).join();
    await(() -> joined("Carol") && joined("Dan"), "Carol and Dan in #drain");
    dan.crash();
    local.forget(dan);
    reset();
    send(author, List.of("#drain"), messages);
    awaitEach(List.of("Carol"), messages);
    if (authorGone) {
      author.crash();
      local.forget(author);
      await(() -> !carol.isOnline("Author"), "Carol to see the author gone");
    }
    long t0 = System.nanoTime();
    start("Dan");
    awaitEach(List.of("Dan"), messages);
    return (System.nanoTime() - t0) / 1e9;
  }

  private Agent start(String name) {
    AtomicLong count = taken.computeIfAbsent(name, n -> new AtomicLong());
    return local.start(
        AgentConfig.of(name, local.registry().url(), dir.resolve(name))
            .withDurability(Durability.FULL),
        new AgentListener() {
          @Override
          public void received(List<Message> stored) {
            long chat =
                stored.stream()
                    .filter(
                        m -> m.roomHeader() == null || m.roomHeader().type() == RoomHeader.MESSAGE)
                    .count();
            count.addAndGet(chat);
          }
        });
  }

  private long count(String name) {
    return taken.get(name).get();
  }

  private boolean joined(String name) {
    return local.agents().stream()
        .filter(a -> a.name().equals(name))
        .anyMatch(a -> !a.rooms().joined().isEmpty());
  }

  private void reset() {
    taken.values().forEach(c -> c.set(0));
  }

  /** Sends {@code messages} to each of {@code to}, a window of them in flight. */
  private void send(Agent author, List<String> to, int messages) {
    Semaphore window = new Semaphore(IN_FLIGHT);
    CompletableFuture<?> last = null;
    for (int i = 0; i < messages; i++) {
      for (String t : to) {
        window.acquireUninterruptibly();
        last = author.send(t, TEXT).whenComplete((m, e) -> window.release());
      }
    }
    window.acquireUninterruptibly(IN_FLIGHT);
    if (last != null) {
      last.join();
    }
  }

  /** Messages a second, each counted once, until every one of {@code members} has them all. */
  private double timed(Runnable sending, List<String> members, int messages) {
    reset();
    long cpu0 = JitCpu.processNanos();
    long t0 = System.nanoTime();
    sending.run();
    awaitEach(members, messages);
    double rate = messages / ((System.nanoTime() - t0) / 1e9);
    if (Boolean.getBoolean("p2pchat.bench.roomCpu")) {
      // The time of day ends each line, to cut a JFR recording of the run into its rounds.
      System.out.printf(
          "  %,.0f/s, CPU %.0f us a message, until %s%n",
          rate,
          (JitCpu.processNanos() - cpu0) / 1e3 / messages,
          java.time.LocalTime.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }
    return rate;
  }

  private void awaitEach(List<String> members, long messages) {
    await(() -> members.stream().allMatch(n -> count(n) >= messages), messages + " at each");
  }

  private void awaitKnown(Agent agent, List<String> names) {
    await(
        () -> names.stream().allMatch(n -> agent.peer(n).isPresent() && agent.isOnline(n)),
        "the author to see every member online");
  }

  private static void await(BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("room bench: gave up waiting for " + what);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
    }
  }

  @Override
  public void close() {
    local.close();
  }

  /**
   * {@code java -cp ... p2pchat.bench.rooms.RoomBench DIR MEMBERS MESSAGES DRAIN_MESSAGES}: one run
   * in a JVM of its own, so that both paths start as cold as each other (in the full bench's JVM
   * the pairs path had been compiled by every benchmark before it, the room path by none). Its last
   * line is {@code ROOMS key=value ...}.
   */
  public static void main(String[] args) throws Exception {
    Figures f =
        run(
            Path.of(args[0]),
            Integer.parseInt(args[1]),
            Integer.parseInt(args[2]),
            Integer.parseInt(args[3]));
    System.out.printf(
        java.util.Locale.ROOT,
        "ROOMS members=%d messages=%d room_per_s=%.1f pairs_per_s=%.1f drain_messages=%d"
            + " drain_s=%.3f relay_drain_s=%.3f%n",
        f.members(),
        f.messages(),
        f.roomPerSecond(),
        f.pairsPerSecond(),
        f.drainMessages(),
        f.drainSeconds(),
        f.relayDrainSeconds());
    System.out.flush();
    System.exit(0); // whatever thread an agent left behind
  }
}

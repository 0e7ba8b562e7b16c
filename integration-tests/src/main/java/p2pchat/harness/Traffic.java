package p2pchat.harness;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Background traffic, started by {@code traffic(from: 'Ann', to: 'Bob', rate: 200, duration:
 * 30.s)}: the sender queues {@code rate} messages a second ("traffic Ann→Bob #17") on a harness
 * thread while the story goes on, for {@code duration}. Each one joins the history like a send of
 * the story, so the checkers judge it. While the sender is down (crashed, stopped) its ticks are
 * skipped, not queued up. The end of the scenario waits for the traffic to finish before the
 * checkers run. Thread-safe.
 */
public final class Traffic {
  static final Set<String> OPTIONS = Set.of("from", "to", "rate", "duration");
  private static final int MAX_RATE = 10_000;

  private final Scenario scenario;
  private final Peer from;
  private final String to;
  private final int rate;
  private final Span duration;
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile ScheduledFuture<?> ticks;
  private long startedAt;

  private Traffic(Scenario scenario, Peer from, String to, int rate, Span duration) {
    this.scenario = scenario;
    this.from = from;
    this.to = to;
    this.rate = rate;
    this.duration = duration;
  }

  /** Reads {@code traffic(...)}'s options; every one is required. */
  static Traffic of(Scenario scenario, Map<String, ?> options) {
    Args.checkOptions("traffic", options, OPTIONS);
    for (String o : OPTIONS) {
      if (options.get(o) == null) {
        throw new ScenarioError(
            "traffic(...) needs " + o + ":",
            "traffic(from: 'Ann', to: 'Bob', rate: 200, duration: 30.s)");
      }
    }
    Peer from = scenario.peers().get(scenario.nameOf(options.get("from")));
    String to = scenario.destinationOf(options.get("to"));
    if (to.equals(from.getName())) {
      throw new ScenarioError("traffic from " + to + " to itself", "to: another peer or a room");
    }
    if (!(options.get("rate") instanceof Number n)
        || n.doubleValue() < 1
        || n.doubleValue() > MAX_RATE) {
      throw new ScenarioError(
          "traffic(rate: "
              + options.get("rate")
              + ") must be 1.."
              + MAX_RATE
              + " messages a second",
          "rate: 200");
    }
    Span duration = Args.span(options.get("duration"), "traffic(duration:)");
    return new Traffic(scenario, from, to, n.intValue(), duration);
  }

  void start(ScheduledExecutorService scheduler) {
    long period = Math.max(TimeUnit.MILLISECONDS.toNanos(1), 1_000_000_000L / rate);
    int perTick = (int) Math.max(1, Math.round(rate * period / 1e9));
    startedAt = System.nanoTime();
    ticks = scheduler.scheduleAtFixedRate(() -> tick(perTick), 0, period, TimeUnit.NANOSECONDS);
  }

  private void tick(int perTick) {
    if (System.nanoTime() - startedAt >= duration.nanos()) {
      stop();
      return;
    }
    for (int i = 0; i < perTick; i++) {
      if (!from.isRunning()) {
        skipped.incrementAndGet();
        continue;
      }
      int n = sent.incrementAndGet();
      try {
        scenario.track(
            from.driver().send(to, "traffic " + from.getName() + "→" + to + " #" + n, null));
      } catch (RuntimeException crashedMeanwhile) {
        skipped.incrementAndGet(); // not queued: it does not count as promised
      }
    }
  }

  /** Ends the traffic now (it ends by itself after its duration). */
  public void stop() {
    ScheduledFuture<?> t = ticks;
    if (t != null) {
      t.cancel(false);
    }
    done.complete(null);
  }

  /** Blocks until the traffic's duration has passed. */
  void await() {
    done.join();
  }

  /** How many messages the traffic handed to its sender so far. */
  public int getSent() {
    return sent.get();
  }

  /** Ticks that found the sender down. */
  public int getSkipped() {
    return skipped.get();
  }

  @Override
  public String toString() {
    return "traffic "
        + from.getName()
        + "→"
        + to
        + " "
        + rate
        + "/s for "
        + duration
        + ": "
        + sent.get()
        + " sent, "
        + skipped.get()
        + " skipped";
  }
}

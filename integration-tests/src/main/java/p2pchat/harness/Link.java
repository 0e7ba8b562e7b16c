package p2pchat.harness;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The link between two peers as the fault-injecting proxies see it, in both directions: {@code
 * link('Sam', 'Carol').latency(200.ms)}, {@code .drop()}, {@code .reset()}, {@code .drop(every:
 * 300.ms)}, {@code .heal()}. Faults apply to the connections the two peers open to each other
 * (messages one way, acknowledgements back). Thread-safe.
 */
public final class Link {
  private static final Set<String> EVERY = Set.of("every");

  private final Scenario scenario;
  private final FaultNet net;
  private final String a;
  private final String b;
  private final Set<ProxyConnection> live = ConcurrentHashMap.newKeySet();
  private volatile long latencyNanos;
  private volatile boolean cut;
  private ScheduledFuture<?> flapping;

  Link(Scenario scenario, FaultNet net, String a, String b) {
    this.scenario = scenario;
    this.net = net;
    this.a = a;
    this.b = b;
  }

  /**
   * Delay every byte each way by {@code duration} (order kept). {@code latency(0.ms)} removes it.
   */
  public Link latency(Object duration) {
    Span d = Args.span(duration, "latency");
    scenario.step(
        "link.latency",
        false,
        () -> {
          latency(d);
          scenario.timeline().mark(a, "fault", "latency " + d + " to " + b);
          scenario.timeline().mark(b, "fault", "latency " + d + " to " + a);
          return null;
        });
    return this;
  }

  /** Close the live connections now (FIN); the peers reconnect by themselves. */
  public Link drop() {
    scenario.step("link.drop", false, () -> kill(false, true));
    return this;
  }

  /** Abort the live connections now (TCP RST). */
  public Link reset() {
    scenario.step("link.reset", false, () -> kill(true, true));
    return this;
  }

  /** Flapping: drop the connections every {@code every:} until {@link #heal()}. */
  public Link drop(Map<String, ?> options) {
    return flap(options, false, "drop");
  }

  /** Flapping: reset the connections every {@code every:} until {@link #heal()}. */
  public Link reset(Map<String, ?> options) {
    return flap(options, true, "reset");
  }

  /** Remove every fault from this link: no latency, no partition, no flapping. */
  public Link heal() {
    scenario.step(
        "link.heal",
        false,
        () -> {
          healNow();
          scenario.timeline().mark(a, "heal", "healed link to " + b);
          scenario.timeline().mark(b, "heal", "healed link to " + a);
          return null;
        });
    return this;
  }

  private Link flap(Map<String, ?> options, boolean rst, String word) {
    Args.checkOptions(word, options, EVERY);
    Span every = Args.span(options.get("every"), word + "(every: ...)");
    if (every.toMillis() < 10) {
      throw new ScenarioError(
          word + "(every: " + every + ") is too fast", "10.ms or more, e.g. 300.ms");
    }
    scenario.step(
        "link." + word,
        false,
        () -> {
          synchronized (this) {
            if (flapping != null) {
              flapping.cancel(false);
            }
            flapping =
                net.scheduler()
                    .scheduleAtFixedRate(
                        () -> kill(rst, false), every.nanos(), every.nanos(), TimeUnit.NANOSECONDS);
          }
          scenario.timeline().mark(a, "fault", word + " every " + every + " with " + b);
          scenario.timeline().mark(b, "fault", word + " every " + every + " with " + a);
          return null;
        });
    return this;
  }

  void latency(Span d) {
    latencyNanos = d.nanos();
  }

  void partition() {
    cut = true;
    kill(true, false);
  }

  synchronized void healNow() {
    if (flapping != null) {
      flapping.cancel(false);
      flapping = null;
    }
    latencyNanos = 0;
    cut = false;
  }

  Object kill(boolean rst, boolean mark) {
    if (mark) {
      String what = rst ? "reset" : "drop";
      scenario.timeline().mark(a, "fault", what + " link to " + b);
      scenario.timeline().mark(b, "fault", what + " link to " + a);
    }
    for (ProxyConnection c : live) {
      c.kill(rst);
    }
    return null;
  }

  boolean cut() {
    return cut;
  }

  long latencyNanos() {
    return latencyNanos;
  }

  void opened(ProxyConnection c) {
    live.add(c);
  }

  void closed(ProxyConnection c) {
    live.remove(c);
  }

  @Override
  public String toString() {
    return "link("
        + a
        + ", "
        + b
        + ")"
        + (cut ? " partitioned" : "")
        + (latencyNanos > 0 ? " latency " + new Span(latencyNanos) : "");
  }
}

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
 * (messages one way, acknowledgements back).
 *
 * <p>Between two host peers there is no proxy: a partition cuts the link itself and heal restores
 * it ({@link HostLink}); the other faults are refused on a link with a host peer at either end.
 * Thread-safe.
 */
public final class Link {
  private static final Set<String> EVERY = Set.of("every");

  private final Scenario scenario;
  private final FaultNet net;
  private final String a;
  private final String b;
  private final HostLink onHosts;
  private final Set<ProxyConnection> live = ConcurrentHashMap.newKeySet();
  private volatile long latencyNanos;
  private volatile boolean cut;
  private volatile String heldFrom; // one-way partition: this peer's bytes do not reach the other
  private volatile long bytesPerSecond;
  private volatile int sliceBytes;
  private final java.util.concurrent.atomic.AtomicBoolean midFrameCut =
      new java.util.concurrent.atomic.AtomicBoolean();
  private ScheduledFuture<?> flapping;

  Link(Scenario scenario, FaultNet net, String a, String b) {
    this.scenario = scenario;
    this.net = net;
    this.a = a;
    this.b = b;
    this.onHosts = new HostLink(net, a, b);
  }

  /**
   * Delay every byte each way by {@code duration} (order kept). {@code latency(0.ms)} removes it.
   */
  public Link latency(Object duration) {
    Span d = Args.span(duration, "latency");
    requireProxies("latency");
    return fault("latency", "fault", "latency " + d + " to ", () -> latency(d));
  }

  /** Close the live connections now (FIN); the peers reconnect by themselves. */
  public Link drop() {
    requireProxies("drop");
    scenario.step("link.drop", false, () -> kill(false, true));
    return this;
  }

  /** Abort the live connections now (TCP RST). */
  public Link reset() {
    requireProxies("reset");
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

  /**
   * Caps the link at {@code size} a second each way ({@code bandwidth(64.kb)}); bytes wait their
   * turn, order kept. {@code bandwidth(0.kb)} removes the cap.
   */
  public Link bandwidth(Object size) {
    if (!(size instanceof ByteSize s)) {
      throw new ScenarioError(
          "bandwidth(" + size + ") needs a size a second", "bandwidth(64.kb) or bandwidth(1.mb)");
    }
    requireProxies("bandwidth");
    return fault("bandwidth", "fault", "bandwidth " + s + "/s to ", () -> bandwidth(s.bytes()));
  }

  /** Cuts what passes into writes of 1 byte each, flushed one by one, until {@link #heal()}. */
  public Link slicer() {
    return slicer(Map.of("bytes", 1));
  }

  /** {@code slicer(bytes: 3)}: writes of at most 3 bytes. */
  public Link slicer(Map<String, ?> options) {
    Args.checkOptions("slicer", options, Set.of("bytes"));
    Object n = options.get("bytes");
    if (!(n instanceof Integer bytes) || bytes < 1 || bytes > 65_536) {
      throw new ScenarioError("slicer(bytes: " + n + ") must be 1..65536", "slicer(bytes: 3)");
    }
    requireProxies("slicer");
    return fault("slicer", "fault", "slicer " + bytes + " B to ", () -> slicer(bytes));
  }

  /**
   * The next bytes to pass either way are cut inside their frame: the first 3 bytes of them go
   * through (a record's length and one byte of it), then the connection is reset (TCP RST).
   */
  public Link resetMidFrame() {
    requireProxies("resetMidFrame");
    return fault("resetMidFrame", "fault", "reset mid-frame with ", () -> midFrameCut.set(true));
  }

  /** Remove every fault from this link: no latency, no partition, no flapping. */
  public Link heal() {
    return fault("heal", "heal", "healed link to ", this::healNow);
  }

  /**
   * The step {@code link.WORD}: applies a fault (or the heal) and marks it on both peers'
   * timelines, each line ending in the other peer's name ({@code "latency 50ms to " + b}).
   */
  private Link fault(String word, String kind, String mark, Runnable apply) {
    scenario.step(
        "link." + word,
        () -> {
          apply.run();
          markBoth(kind, mark);
        });
    return this;
  }

  private void markBoth(String kind, String mark) {
    scenario.timeline().mark(a, kind, mark + b);
    scenario.timeline().mark(b, kind, mark + a);
  }

  private Link flap(Map<String, ?> options, boolean rst, String word) {
    Args.checkOptions(word, options, EVERY);
    Span every = Args.span(options.get("every"), word + "(every: ...)");
    if (every.toMillis() < 10) {
      throw new ScenarioError(
          word + "(every: " + every + ") is too fast", "10.ms or more, e.g. 300.ms");
    }
    requireProxies(word);
    return fault(word, "fault", word + " every " + every + " with ", () -> flapNow(rst, every));
  }

  /** Flapping without a step of its own (the nemesis's). */
  synchronized void flapNow(boolean rst, Span every) {
    requireProxies(rst ? "reset" : "drop");
    if (flapping != null) {
      flapping.cancel(false);
    }
    flapping =
        net.scheduler()
            .scheduleAtFixedRate(
                () -> kill(rst, false), every.nanos(), every.nanos(), TimeUnit.NANOSECONDS);
  }

  String a() {
    return a;
  }

  String b() {
    return b;
  }

  void bandwidth(long bytesPerSecond) {
    requireProxies("bandwidth");
    this.bytesPerSecond = bytesPerSecond;
  }

  /** Writes the slicer made on this link, for tests. */
  final java.util.concurrent.atomic.AtomicLong slices =
      new java.util.concurrent.atomic.AtomicLong();

  void midFrameCut() {
    requireProxies("resetMidFrame");
    midFrameCut.set(true);
  }

  void slicer(int bytes) {
    requireProxies("slicer");
    sliceBytes = bytes;
  }

  /**
   * One way: {@code from}'s bytes do not reach {@code to}. Connections {@code from} opens to {@code
   * to} are refused; on those {@code to} opens, {@code from}'s answers are held back until heal.
   */
  void partitionOneWay(String from, String to) {
    partition("partition(oneWay: true)", () -> onHosts.cut(from, to), () -> heldFrom = from);
  }

  /** A new connection from {@code caller} is refused. */
  boolean refuses(String caller) {
    return cut || caller.equals(heldFrom);
  }

  /** Bytes {@code sender} writes are held back (a one-way partition). */
  boolean holds(String sender) {
    return sender.equals(heldFrom);
  }

  long bytesPerSecond() {
    return bytesPerSecond;
  }

  int sliceBytes() {
    return sliceBytes;
  }

  /** True once for the connection that takes the pending mid-frame cut. */
  boolean takeMidFrameCut() {
    return midFrameCut.get() && midFrameCut.compareAndSet(true, false);
  }

  /** The chunk given for a mid-frame cut was too short: the next one takes it. */
  void resetMidFrameAgain() {
    midFrameCut.set(true);
  }

  void latency(Span d) {
    requireProxies("latency");
    latencyNanos = d.nanos();
  }

  void partition() {
    partition(
        "partition",
        () -> {
          onHosts.cut(a, b);
          onHosts.cut(b, a);
        },
        () -> cut = true);
  }

  /**
   * A partition ({@code word}) marked by {@code mark}: between two host peers {@code hostCuts} acts
   * on the link itself; elsewhere the proxies take it, and its live connections are reset.
   */
  private void partition(String word, Runnable hostCuts, Runnable mark) {
    if (onHosts.both()) {
      hostCuts.run();
      mark.run();
      return;
    }
    requireProxies(word);
    mark.run();
    kill(true, false);
  }

  /** Refuses a nemesis fault this link cannot take, before it runs (see {@link HostLink}). */
  void check(String fault) {
    onHosts.check(fault);
  }

  private void requireProxies(String word) {
    onHosts.requireProxies(word);
  }

  synchronized void healNow() {
    if (flapping != null) {
      flapping.cancel(false);
      flapping = null;
    }
    latencyNanos = 0;
    cut = false;
    heldFrom = null;
    bytesPerSecond = 0;
    sliceBytes = 0;
    midFrameCut.set(false);
    live.forEach(ProxyConnection::release);
    onHosts.restore();
  }

  Object kill(boolean rst, boolean mark) {
    if (mark) {
      markBoth("fault", (rst ? "reset" : "drop") + " link to ");
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
        + (heldFrom != null ? " partitioned one way from " + heldFrom : "")
        + (latencyNanos > 0 ? " latency " + new Span(latencyNanos) : "");
  }
}

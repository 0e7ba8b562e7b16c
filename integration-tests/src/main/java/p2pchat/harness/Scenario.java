package p2pchat.harness;

import groovy.lang.Closure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import p2pchat.agent.AgentRuntime;
import p2pchat.agent.Message;

/**
 * One running scenario: its registry, peers, fault network, timeline and the history it recorded.
 * The scenario file's words ({@link ScenarioScript}) land here; its condition words in {@link
 * Conditions}, its checkers in {@link Checks}. Steps run on the scenario thread one after the
 * other; sends are asynchronous and tracked until durably queued. Closing it stops everything it
 * started.
 */
public final class Scenario implements AutoCloseable {
  private final ScenarioSource source;
  private final String name;
  private final Path workDir;
  private final Timeline timeline;
  private final PeerLogs logs = new PeerLogs();
  private final Map<String, Peer> peers = new LinkedHashMap<>();
  private final Checks check;
  private final Expectations expectations = new Expectations(this);
  private final Sends sends = new Sends();
  private final LinkFaults links = new LinkFaults(this);
  private final CheckerLog checkers = new CheckerLog();
  private final Traffics traffics = new Traffics();
  private final List<Nemesis> nemeses = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Long seedOverride;
  private final Conditions conditions = new Conditions(this);
  private AgentRuntime runtime;
  private FaultNet net;
  private RegistryHandle registry;
  private final PeerMaker peerMaker;
  private final PeerStarts starts;

  /**
   * A scenario driven from Java rather than from a file (e.g. repeated crash trials): the same
   * registry, peers, faults and checkers; steps are labelled by their word. Close it when done.
   */
  public static Scenario create(String name, Path workDir, Progress progress) {
    return new Scenario(ScenarioSource.none(name), name, workDir, progress);
  }

  Scenario(ScenarioSource source, String name, Path workDir, Timeline.Listener progress) {
    this.source = source;
    this.name = name;
    this.workDir = workDir;
    this.timeline = new Timeline(progress);
    this.check = new Checks(this, new Span(Duration.ofSeconds(10).toNanos()));
    this.starts = new PeerStarts(workDir, timeline);
    this.peerMaker = new PeerMaker(this, source, workDir, logs);
    logs.attach();
  }

  public String name() {
    return name;
  }

  Timeline timeline() {
    return timeline;
  }

  public Path workDir() {
    return workDir;
  }

  public Checks check() {
    return check;
  }

  /** What the story expects instead of the default: {@code expect.expired(3)}. */
  public Expectations expectations() {
    return expectations;
  }

  /** What the history checkers judged and counted. */
  CheckerLog checkers() {
    return checkers;
  }

  /** A history checker passed; it need not run again at the end unless sends follow. */
  void checked(String word) {
    checkers.passed(word, sends.count());
  }

  /**
   * The end of a story that passed: every history checker not written in it since the last send
   * runs now, and the expected number of expired messages (none unless {@code expect.expired(n)})
   * is checked.
   */
  public void finalChecks() {
    if (!traffics.isEmpty()) {
      step("traffic ends", traffics::await);
    }
    awaitSends();
    Checks byDefault = check.byDefault();
    for (String word : Checks.HISTORY_CHECKERS) {
      if (checkers.due(word, sends.count())) {
        byDefault.run(word);
      }
    }
    expectations.verify();
  }

  // ---- topology

  public RegistryHandle startRegistry(Map<String, ?> options) {
    if (registry != null) {
      throw new ScenarioError(
          "registry() is already started", "registry.stop() / registry.start() to restart it");
    }
    RegistryOptions o = RegistryOptions.of(options);
    return step(
        "registry",
        false,
        () -> {
          registry = new RegistryHandle(this, workDir.resolve("registry.db"), o, runtime().http());
          logs.attach();
          timeline.mark("registry", "up", "registry started");
          return registry;
        });
  }

  public RegistryHandle registry() {
    if (registry == null) {
      throw new ScenarioError("there is no registry yet", "registry() at the top of the scenario");
    }
    return registry;
  }

  /** The registry, or null before {@code registry()}. */
  RegistryHandle registryOrNull() {
    return registry;
  }

  /** {@code peer('Sam')}, {@code peer('Carol', process: true)}, {@code peer('Dan', host: true)}. */
  public Peer peer(Map<String, ?> options, String peerName) {
    return peerMaker.peer(options, peerName);
  }

  /** This scenario has host peers: their network comes up now (see {@link PeerMaker#useHosts}). */
  void useHosts(String firstHostPeer) {
    peerMaker.useHosts(firstHostPeer);
  }

  /** The host peers' network, or null before the first; for tests. */
  HostNet hosts() {
    return peerMaker.hosts();
  }

  public Link link(Object a, Object b) {
    return links.link(a, b);
  }

  /** {@code partition(a, b)}: nothing passes between them (or between the registry and a peer). */
  public void partition(Object a, Object b) {
    links.partition(a, b);
  }

  /** {@code partition(a, b, oneWay: true)}: a's bytes do not reach b; b's reach a. */
  public void partition(Map<String, ?> options, Object a, Object b) {
    links.partition(options, a, b);
  }

  /** Every link and registry partition healed. */
  public void heal() {
    links.heal();
  }

  public void heal(Object a, Object b) {
    links.heal(a, b);
  }

  /** Every link healed, and every registry partition, without a step of its own. */
  void healLinks() {
    links.healLinks();
  }

  /**
   * A seeded random fault schedule over some peers: {@code nemesis(seed: 42, duration: 20.s,
   * faults: [crash, partition], peers: ['Ann', 'Bob', 'Cat'])}; blocks for its duration, then
   * heals.
   */
  public Nemesis nemesis(Map<String, ?> options) {
    Nemesis n = Nemesis.of(this, options, seedOverride);
    nemeses.add(n);
    return step(
        "nemesis",
        false,
        () -> {
          n.run();
          return n;
        });
  }

  /** The seed every nemesis of this scenario uses instead of its file's ({@code --seed}). */
  public void seedOverride(Long seed) {
    this.seedOverride = seed;
  }

  List<Nemesis> nemeses() {
    return List.copyOf(nemeses);
  }

  /** A line of the progress and the report that is not a step of the file (a nemesis's fault). */
  void note(String label) {
    long now = System.currentTimeMillis();
    timeline.step(source.callerLine(), label, now, now, true, null, false);
  }

  /**
   * Starts background traffic: {@code traffic(from: 'Ann', to: 'Bob', rate: 200, duration: 30.s)}.
   */
  public Traffic traffic(Map<String, ?> options) {
    Traffic t = Traffic.of(this, options);
    return step(
        "traffic",
        false,
        () -> {
          traffics.start(t);
          timeline.mark(nameOf(options.get("from")), "traffic", t.toString().replaceAll(":.*", ""));
          return t;
        });
  }

  // ---- checks

  /**
   * Waits until the condition holds, at most {@code within}; fails with the values of the last try.
   */
  public void eventually(Object within, Closure<?> condition) {
    conditions.eventually(within, condition);
  }

  /**
   * Checks that the condition holds all along {@code during}; fails at the first time it does not.
   */
  public void always(Object during, Closure<?> condition) {
    conditions.always(during, condition);
  }

  Conditions conditions() {
    return conditions;
  }

  /** The recorded history right now: every peer's store plus what the harness was promised. */
  public History history() {
    starts.await();
    // what was promised first: each of those is in its sender's store before the stores are read
    List<Message> sent = sends.promised();
    Map<String, List<Message>> histories = new LinkedHashMap<>();
    peers.forEach((n, p) -> histories.put(n, p.driver().history()));
    return History.of(histories, sent);
  }

  /**
   * Waits, at most {@code within}, until every send the story made has been durably queued or has
   * failed, so that a checker judges what was promised rather than a send half done.
   */
  void awaitSends(Span within) {
    sends.await(within);
  }

  /** As {@link #awaitSends(Span)}, for at most 30 s: before the end's checks and receivedAll. */
  void awaitSends() {
    sends.await(Span.ofMillis(30_000));
  }

  void track(CompletableFuture<Message> queued) {
    sends.track(queued);
  }

  // ---- steps and arguments

  /** A step that yields no value and is never folded into a run of its like (a fault, a check). */
  void step(String word, Runnable action) {
    step(
        word,
        false,
        () -> {
          action.run();
          return null;
        });
  }

  /** Runs one step of the story: timed, shown with its source line, failures recorded. */
  <T> T step(String word, boolean foldable, Callable<T> action) {
    starts.await();
    int line = source.callerLine();
    String label =
        word.startsWith("check.")
            ? (word.contains("(") ? word : word + "()")
            : source.label(line, word);
    long start = System.currentTimeMillis();
    try {
      T result = action.call();
      timeline.step(line, label, start, System.currentTimeMillis(), true, null, foldable);
      return result;
    } catch (RuntimeException | Error e) {
      timeline.step(line, label, start, System.currentTimeMillis(), false, e.getMessage(), false);
      throw e;
    } catch (Exception e) {
      timeline.step(line, label, start, System.currentTimeMillis(), false, e.getMessage(), false);
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** A peer of the scenario, or a room ({@code '#ops'}, a destination like a peer's name). */
  String destinationOf(Object to) {
    String n = String.valueOf(to);
    if (p2pchat.agent.rooms.RoomNames.isRoom(n)) {
      try {
        return p2pchat.agent.rooms.RoomNames.check(n);
      } catch (IllegalArgumentException e) {
        throw new ScenarioError(e.getMessage(), "sam.send('#ops', 'hello')");
      }
    }
    return nameOf(to);
  }

  String nameOf(Object peer) {
    String n = peer instanceof Peer p ? p.getName() : String.valueOf(peer);
    if (!peers.containsKey(n)) {
      throw new ScenarioError(
          "unknown peer '" + n + "'",
          peers.isEmpty()
              ? "none declared yet: peer('" + n + "')"
              : String.join(", ", peers.keySet()));
    }
    return n;
  }

  public Map<String, Peer> peers() {
    return peers;
  }

  PeerStarts starts() {
    return starts;
  }

  /** Waits for peers still starting (queries read their stores only once they run). */
  void awaitStarts() {
    starts.await();
  }

  Map<String, List<String>> logTails(int lines) {
    Map<String, List<String>> tails = new LinkedHashMap<>();
    peers.forEach((n, p) -> tails.put(n, p.logTail(lines)));
    return tails;
  }

  AgentRuntime runtime() {
    if (runtime == null) {
      runtime = AgentRuntime.create();
    }
    return runtime;
  }

  FaultNet net() {
    if (net == null) {
      net = new FaultNet(this, runtime().group());
    }
    return net;
  }

  @Override
  public void close() {
    try {
      starts.await();
    } catch (RuntimeException alreadyReported) {
      // the run has failed already; stop what did start
    }
    timeline.flush();
    traffics.stop();
    try {
      starts.stopAll(peers.values());
      if (net != null) {
        net.close();
      }
      if (registry != null) {
        registry.close();
      }
      if (runtime != null) {
        runtime.close();
      }
    } finally {
      peerMaker.close(); // after the peers: their processes are gone from the namespaces
      logs.detach();
    }
  }
}

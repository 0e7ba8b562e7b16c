package p2pchat.harness;

import groovy.lang.Closure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import p2pchat.agent.AgentRuntime;
import p2pchat.agent.Durability;
import p2pchat.agent.Message;
import p2pchat.agent.common.PeerNames;

/**
 * One running scenario: its registry, peers, fault network, timeline and the history it recorded.
 * The scenario file's words ({@link ScenarioScript}) land here; its condition words in {@link
 * Conditions}, its checkers in {@link Checks}. Steps run on the scenario thread one after the
 * other; sends are asynchronous and tracked until durably queued. Closing it stops everything it
 * started.
 */
public final class Scenario implements AutoCloseable {
  static final Set<String> PEER_OPTIONS =
      Set.of("script", "process", "host", "durability", "start");
  static final Set<String> REGISTRY_OPTIONS = Set.of("heartbeat", "lease", "instances", "db");

  private final ScenarioSource source;
  private final String name;
  private final Path workDir;
  private final Timeline timeline;
  private final PeerLogs logs = new PeerLogs();
  private final Map<String, Peer> peers = new LinkedHashMap<>();
  private final Map<String, Message> promised = new ConcurrentHashMap<>();
  private final List<CompletableFuture<Message>> inflight = new ArrayList<>();
  private final Checks check;
  private final Expectations expectations = new Expectations(this);
  private final java.util.concurrent.atomic.AtomicLong sends =
      new java.util.concurrent.atomic.AtomicLong();
  private final Map<String, Long> checked = new ConcurrentHashMap<>();
  private final Map<String, HistoryCheckers.Outcome> counted =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<Traffic> traffics = new java.util.concurrent.CopyOnWriteArrayList<>();
  private java.util.concurrent.ScheduledExecutorService trafficThread;
  private final List<Nemesis> nemeses = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Long seedOverride;
  private final Conditions conditions = new Conditions(this);
  private AgentRuntime runtime;
  private FaultNet net;
  private RegistryHandle registry;
  private HostNet hosts; // null until the first host peer (or a file that declares one) needs it
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

  /** A checker's judgement and what it counted, for the report (the last of each word). */
  void counted(HistoryCheckers.Outcome o) {
    counted.put(o.word(), o);
  }

  /** What each checker counted, the last judgement of each word, in the order they ran. */
  List<HistoryCheckers.Outcome> counted() {
    return List.copyOf(counted.values());
  }

  /** A history checker passed; it need not run again at the end unless sends follow. */
  void checked(String word) {
    checked.put(word, sends.get());
  }

  /**
   * The end of a story that passed: every history checker not written in it since the last send
   * runs now, and the expected number of expired messages (none unless {@code expect.expired(n)})
   * is checked.
   */
  public void finalChecks() {
    if (!traffics.isEmpty()) {
      step(
          "traffic ends",
          false,
          () -> {
            traffics.forEach(Traffic::await);
            return null;
          });
    }
    awaitSends();
    Checks byDefault = check.byDefault();
    for (String word : Checks.HISTORY_CHECKERS) {
      Long at = checked.get(word);
      if (at == null || at != sends.get()) {
        byDefault.run(word);
      }
    }
    expectations.verify();
  }

  // ---- topology

  public RegistryHandle startRegistry(Map<String, ?> options) {
    Args.checkOptions("registry", options, REGISTRY_OPTIONS);
    if (registry != null) {
      throw new ScenarioError(
          "registry() is already started", "registry.stop() / registry.start() to restart it");
    }
    Span heartbeat =
        options.containsKey("heartbeat")
            ? Args.span(options.get("heartbeat"), "registry(heartbeat:)")
            : Span.ofMillis(250);
    Span lease =
        options.containsKey("lease")
            ? Args.span(options.get("lease"), "registry(lease:)")
            : Span.ofMillis(1000);
    if (lease.compareTo(heartbeat) <= 0) {
      throw new ScenarioError(
          "registry(lease: " + lease + ") must be longer than its heartbeat " + heartbeat,
          "e.g. heartbeat: 250.ms, lease: 1.s");
    }
    RegistryHandle.Topology topology = RegistryHandle.Topology.of(options);
    return step(
        "registry",
        false,
        () -> {
          registry =
              new RegistryHandle(
                  this,
                  workDir.resolve("registry.db"),
                  heartbeat,
                  lease,
                  runtime().http(),
                  topology);
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

  public Peer peer(Map<String, ?> options, String peerName) {
    Args.checkOptions("peer", options, PEER_OPTIONS);
    if (!PeerNames.valid(peerName)) {
      throw new ScenarioError(
          "peer name '" + peerName + "' is not valid", "1-64 of A-Z a-z 0-9 _ . -");
    }
    boolean onHost = Args.flag(options, "host", "peer('" + peerName + "', host: true)");
    if (onHost && Boolean.FALSE.equals(options.get("process"))) {
      throw new ScenarioError(
          "peer('"
              + peerName
              + "', host: true, process: false) contradicts itself: a host peer is a process of"
              + " its own",
          "peer('" + peerName + "', host: true)");
    }
    if (peers.containsKey(peerName)) {
      throw new ScenarioError(
          "peer('" + peerName + "') is declared twice",
          "a new name, or " + peerName + ".start() to restart it");
    }
    if (registry == null) {
      throw new ScenarioError(
          "peer('" + peerName + "') needs a registry first",
          "registry() before the first peer(...)");
    }
    Path script =
        options.get("script") == null
            ? null
            : source.resolveScript(String.valueOf(options.get("script")));
    boolean process = Boolean.TRUE.equals(options.get("process"));
    Durability durability = Args.durability(options.get("durability"));
    boolean startNow = !Boolean.FALSE.equals(options.get("start"));
    Path dataDir = workDir.resolve("peers").resolve(peerName);
    Path log = workDir.resolve(peerName + ".log");
    Duration heartbeat = registry.getHeartbeat().toDuration();
    Peer p;
    if (onHost) {
      HostNet.Host h = hostNet(peerName).add(peerName);
      net().onHost(peerName, h, hosts);
      List<java.net.URI> fronts = registry.frontsFor(peerName, runtime().group(), hosts.gateway());
      PeerSpec spec =
          new PeerSpec(
              peerName, fronts, dataDir, script, h.address(), null, 0, heartbeat, durability);
      p = new Peer(this, spec, new ProcessDriver(log, cmd -> hosts.command(h, cmd), "host"), null);
    } else {
      FaultProxy proxy = net().proxyFor(peerName, localHost());
      List<java.net.URI> fronts = registry.frontsFor(peerName, runtime().group(), localHost());
      PeerSpec spec =
          new PeerSpec(
              peerName,
              fronts,
              dataDir,
              script,
              "127.0.0.1",
              proxy.host(),
              proxy.port(),
              heartbeat,
              durability);
      PeerDriver driver = process ? new ProcessDriver(log) : new InProcessDriver(runtime(), logs);
      p = new Peer(this, spec, driver, proxy);
    }
    peers.put(peerName, p);
    if (startNow) {
      starts.start(p, source.callerLine(), source.label(source.callerLine(), "peer"));
    }
    return p;
  }

  /**
   * This scenario has host peers: their network comes up now, so that every proxy and registry
   * front made from now on listens on its gateway, where the hosts reach them. The runner calls it
   * before a story whose file declares {@code peer(..., host: true)}; otherwise the first host peer
   * does. Where host peers cannot run, the scenario is skipped, saying why in one line.
   */
  void useHosts(String firstHostPeer) {
    hostNet(firstHostPeer);
  }

  private HostNet hostNet(String peerName) {
    if (hosts != null) {
      return hosts;
    }
    if (!peers.isEmpty()) {
      throw new ScenarioError(
          "peer('"
              + peerName
              + "', host: true) comes after "
              + String.join(", ", peers.keySet())
              + ", who listen on loopback, where a host cannot reach them",
          "declare the host peers first");
    }
    hosts = HostNet.forScenario(peerName);
    return hosts;
  }

  /** The host peers' network, or null before the first; for tests. */
  HostNet hosts() {
    return hosts;
  }

  /** Where this JVM's listeners go: loopback, or the gateway once there are host peers. */
  private String localHost() {
    return hosts == null ? "127.0.0.1" : hosts.gateway();
  }

  public Link link(Object a, Object b) {
    String x = nameOf(a);
    String y = nameOf(b);
    if (x.equals(y)) {
      throw new ScenarioError(
          "link(" + x + ", " + y + ") needs two different peers", peers.keySet());
    }
    return net().link(x, y);
  }

  public void partition(Object a, Object b) {
    if (a instanceof RegistryHandle || b instanceof RegistryHandle) {
      String p = nameOf(a instanceof RegistryHandle ? b : a);
      step(
          "partition",
          false,
          () -> {
            registry().cutFrom(p, "registry partitioned from " + p);
            return null;
          });
      return;
    }
    Link l = link(a, b);
    step(
        "partition",
        false,
        () -> {
          l.partition();
          timeline.mark(nameOf(a), "fault", "partitioned from " + nameOf(b));
          timeline.mark(nameOf(b), "fault", "partitioned from " + nameOf(a));
          return null;
        });
  }

  /** {@code partition(a, b, oneWay: true)}: a's bytes do not reach b; b's reach a. */
  public void partition(Map<String, ?> options, Object a, Object b) {
    Args.checkOptions("partition", options, Set.of("oneWay"));
    if (!Boolean.TRUE.equals(options.get("oneWay"))) {
      partition(a, b);
      return;
    }
    Link l = link(a, b);
    String x = nameOf(a);
    String y = nameOf(b);
    step(
        "partition",
        false,
        () -> {
          l.partitionOneWay(x, y);
          timeline.mark(x, "fault", "partitioned one way: nothing of " + x + "'s reaches " + y);
          timeline.mark(y, "fault", "partitioned one way: nothing of " + x + "'s reaches " + y);
          return null;
        });
  }

  public void heal() {
    step(
        "heal",
        false,
        () -> {
          healLinks();
          peers.keySet().forEach(p -> timeline.mark(p, "heal", "all links healed"));
          return null;
        });
  }

  /** Every link healed, and every registry partition, without a step of its own. */
  void healLinks() {
    net().links().forEach(Link::healNow);
    if (registry != null) {
      registry.healAll("registry partition healed");
    }
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

  public void heal(Object a, Object b) {
    if (a instanceof RegistryHandle || b instanceof RegistryHandle) {
      String p = nameOf(a instanceof RegistryHandle ? b : a);
      step(
          "heal",
          false,
          () -> {
            registry().healFrom(p, "registry partition from " + p + " healed");
            return null;
          });
      return;
    }
    link(a, b).heal();
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
          synchronized (traffics) {
            if (trafficThread == null) {
              trafficThread =
                  java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                      r -> {
                        Thread th = new Thread(r, "scenario-traffic");
                        th.setDaemon(true);
                        return th;
                      });
            }
          }
          traffics.add(t);
          t.start(trafficThread);
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
    List<Message> sent = List.copyOf(promised.values());
    Map<String, List<Message>> histories = new LinkedHashMap<>();
    peers.forEach((n, p) -> histories.put(n, p.driver().history()));
    return History.of(histories, sent);
  }

  /**
   * Waits, at most {@code within}, until every send the story made has been durably queued or has
   * failed, so that a checker judges what was promised rather than a send half done.
   */
  void awaitSends(Span within) {
    CompletableFuture<?>[] pending;
    synchronized (inflight) {
      pending = inflight.toArray(CompletableFuture[]::new);
    }
    try {
      CompletableFuture.allOf(pending)
          .get(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // a failed send is not owed; one still pending is judged as it stands
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** As {@link #awaitSends(Span)}, for at most 30 s: before the end's checks and receivedAll. */
  void awaitSends() {
    awaitSends(Span.ofMillis(30_000));
  }

  void track(CompletableFuture<Message> queued) {
    sends.incrementAndGet();
    synchronized (inflight) {
      inflight.add(queued);
    }
    queued.whenComplete(
        (m, e) -> {
          if (m != null) {
            promised.put(m.id(), m);
          }
          synchronized (inflight) {
            inflight.remove(queued);
          }
        });
  }

  // ---- steps and arguments

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

  /** Waits for peers still starting (queries read their stores only once they run). */
  void awaitStarts() {
    starts.await();
  }

  Map<String, List<String>> logTails(int lines) {
    Map<String, List<String>> tails = new LinkedHashMap<>();
    peers.forEach((n, p) -> tails.put(n, p.logTail(lines)));
    return tails;
  }

  private AgentRuntime runtime() {
    if (runtime == null) {
      runtime = AgentRuntime.create();
    }
    return runtime;
  }

  private FaultNet net() {
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
    traffics.forEach(Traffic::stop);
    if (trafficThread != null) {
      trafficThread.shutdownNow();
    }
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
      if (hosts != null) {
        hosts.close(); // after the peers: their processes are gone from the namespaces
      }
      logs.detach();
    }
  }
}

package p2pchat.harness;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The base class of every scenario file: its public methods are the scenario DSL.
 *
 * <pre>{@code
 * scenario('offline messages arrive after reconnect, in order') {
 *     registry()
 *     def sam = peer('Sam')
 *     def carol = peer('Carol', process: true)
 *     sam.send('Carol', 'hello')
 *     eventually(2.s) { carol.received('hello', from: 'Sam') }
 *     check.noLoss().noDuplicates().inOrder()
 * }
 * }</pre>
 *
 * Running the file only collects its {@code scenario(...)} blocks; the runner then runs each with a
 * fresh registry, peers and temporary directory. One instance per file run; used from the scenario
 * thread.
 */
public abstract class ScenarioScript extends Script {
  /** Every word a scenario file may use at its top level, for "valid: ..." in errors. */
  public static final List<String> WORDS =
      List.of(
          "scenario",
          "registry",
          "peer",
          "link",
          "partition",
          "heal",
          "eventually",
          "always",
          "expect",
          "check",
          "sleep",
          "peers",
          "traffic",
          "nemesis");

  /**
   * One {@code scenario(name) { ... }} block of the file; {@code firstHostPeer} names its first
   * {@code peer(..., host: true)}, or is null.
   */
  record Definition(String name, Closure<?> body, int line, String firstHostPeer) {}

  private final List<Definition> definitions = new ArrayList<>();
  private Map<Integer, String> hostPeers = Map.of();
  private Scenario current;

  /** Declares a scenario; the runner runs it after the file has been read. */
  public void scenario(
      String name,
      @DelegatesTo(value = ScenarioScript.class, strategy = Closure.OWNER_FIRST) Closure<?> body) {
    if (current != null) {
      throw new ScenarioError(
          "scenario(...) inside another scenario",
          "scenario blocks side by side at the top of the file");
    }
    if (name == null || name.isBlank()) {
      throw new ScenarioError("a scenario needs a name", "scenario('what it shows') { ... }");
    }
    int line = lineHere();
    definitions.add(new Definition(name, body, line, hostPeers.get(line)));
  }

  public void scenario(Closure<?> body) {
    throw new ScenarioError("a scenario needs a name", "scenario('what it shows') { ... }");
  }

  /** Starts the scenario's registry (heartbeat 250 ms, lease 1 s unless given). */
  public RegistryHandle registry(Map<String, ?> options) {
    return now("registry").startRegistry(options);
  }

  public RegistryHandle registry() {
    return registry(Map.of());
  }

  /** The running registry: {@code registry.stop()}, {@code registry.status('Carol')}. */
  public RegistryHandle getRegistry() {
    return now("registry").registry();
  }

  /** Starts a peer: {@code peer('Carol', script: 'scripts/echo.groovy', process: true)}. */
  public Peer peer(Map<String, ?> options, String name) {
    return now("peer").peer(options, name);
  }

  public Peer peer(String name) {
    return peer(Map.of(), name);
  }

  /** The peers declared so far, by name. */
  public Map<String, Peer> getPeers() {
    return Map.copyOf(now("peers").peers());
  }

  /** The link between two peers, for faults: {@code link(sam, carol).latency(200.ms)}. */
  public Link link(Object a, Object b) {
    return now("link").link(a, b);
  }

  /** Cuts the link between two peers both ways until {@code heal()}. */
  public void partition(Object a, Object b) {
    now("partition").partition(a, b);
  }

  /**
   * {@code partition('Ann', 'Bob', oneWay: true)}: Ann's bytes do not reach Bob; Bob's reach Ann.
   */
  public void partition(Map<String, ?> options, Object a, Object b) {
    now("partition").partition(options, a, b);
  }

  /**
   * A seeded random schedule of faults: {@code nemesis(seed: 42, duration: 20.s, faults: [crash,
   * pause, partition, latency, drop, reset], peers: ['Ann', 'Bob', 'Cat'])}.
   */
  public Nemesis nemesis(Map<String, ?> options) {
    return now("nemesis").nemesis(options);
  }

  // the faults a nemesis schedule may hold, as bare words in faults: [...]
  public String getCrash() {
    return "crash";
  }

  public String getPause() {
    return "pause";
  }

  public String getPartition() {
    return "partition";
  }

  public String getOneWay() {
    return "oneWay";
  }

  public String getLatency() {
    return "latency";
  }

  public String getDrop() {
    return "drop";
  }

  public String getReset() {
    return "reset";
  }

  public String getSlicer() {
    return "slicer";
  }

  public String getClock() {
    return "clock";
  }

  public String getDisk() {
    return "disk";
  }

  /** Removes every fault from every link. */
  public void heal() {
    now("heal").heal();
  }

  public void heal(Object a, Object b) {
    now("heal").heal(a, b);
  }

  /**
   * Waits until the condition holds, at most {@code within}; fails with the values of the last try.
   */
  public void eventually(Object within, Closure<?> condition) {
    now("eventually").conditions().eventually(within, condition);
  }

  /**
   * Checks that the condition holds all along {@code during}; fails at the first time it does not.
   */
  public void always(Object during, Closure<?> condition) {
    now("always").conditions().always(during, condition);
  }

  /** The built-in checkers: {@code check.noLoss().noDuplicates().inOrder()}. */
  public Checks getCheck() {
    return now("check").check();
  }

  /**
   * What the story expects of its history instead of the default checks at its end: {@code
   * expect.expired(3)}.
   */
  public Expectations getExpect() {
    return now("expect").expectations();
  }

  /**
   * A condition checked once, as a step (the compiler wraps bare comparisons of a scenario in it).
   */
  public void expect(Closure<?> condition) {
    now("expect").conditions().expect(condition);
  }

  /**
   * A scenario-level statement's value (the compiler hands every one here): a boolean or a {@link
   * Verdict} that nobody used is a check, never dropped; anything else passes through.
   */
  public Object checkValue(Object value) {
    if (value instanceof Boolean || value instanceof Verdict) {
      now("expect").conditions().value(value);
    }
    return value;
  }

  /**
   * Background traffic while the story goes on: {@code traffic(from: 'Ann', to: 'Bob', rate: 200,
   * duration: 30.s)}, or {@code to: '#ops'}; its messages join the history.
   */
  public Traffic traffic(Map<String, ?> options) {
    return now("traffic").traffic(options);
  }

  /** Lets the story's time pass (traffic keeps flowing): {@code sleep(10.s)}. */
  public void sleep(Object duration) {
    Scenario s = now("sleep");
    Span d = Args.span(duration, "sleep");
    s.step(
        "sleep",
        true,
        () -> {
          Thread.sleep(d.toMillis());
          return null;
        });
  }

  /** What the compiler found: the line of each scenario block with host peers → the first. */
  void hostPeers(Map<Integer, String> found) {
    this.hostPeers = Map.copyOf(found);
  }

  List<Definition> definitions() {
    return List.copyOf(definitions);
  }

  void current(Scenario scenario) {
    this.current = scenario;
  }

  private Scenario now(String word) {
    if (current == null) {
      throw new ScenarioError(
          word + " is used outside a scenario block",
          "scenario('what it shows') { " + word + "... }");
    }
    return current;
  }

  private int lineHere() {
    String script = getClass().getName();
    return StackWalker.getInstance()
        .walk(
            s ->
                s.filter(f -> f.getClassName().startsWith(script) && f.getLineNumber() > 0)
                    .findFirst())
        .map(StackWalker.StackFrame::getLineNumber)
        .orElse(0);
  }
}

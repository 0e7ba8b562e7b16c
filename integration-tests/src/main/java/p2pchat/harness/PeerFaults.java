package p2pchat.harness;

/**
 * One peer's machine faults: its disk full or not ({@code diskFull}/{@code diskOk}) and its clock
 * skewed or right ({@code clock}), applied through its driver and marked on the timeline; the skew
 * outlives restarts (the driver starts the agent with it), a full disk does not (a new agent opens
 * its database without the limit). Called on the scenario thread, or the nemesis's.
 */
final class PeerFaults {
  private final Peer peer;
  private final Scenario scenario;
  private final String name;
  private final PeerDriver driver;
  private volatile Span skew = new Span(0);
  private volatile boolean diskFull;

  PeerFaults(Peer peer, Scenario scenario, String name, PeerDriver driver) {
    this.peer = peer;
    this.scenario = scenario;
    this.name = name;
    this.driver = driver;
  }

  /** The peer (re)started: its disk has room again. */
  void started() {
    diskFull = false;
  }

  /** {@code diskFull}/{@code diskOk} without a step of its own (the nemesis's). */
  void storage(boolean full, String why) {
    try {
      driver.fillStorage(full).get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new ScenarioError(
          name + "." + (full ? "diskFull" : "diskOk") + " failed: " + e.getCause().getMessage(),
          name + ".start()");
    } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
      throw new ScenarioError(
          name + "." + (full ? "diskFull" : "diskOk") + " did not finish: " + e, name + ".start()");
    }
    diskFull = full;
    scenario.timeline().mark(name, full ? "fault" : "heal", why + (full ? "disk full" : "disk ok"));
  }

  /** The skew without a step of its own (the nemesis's); {@code why} prefixes the mark. */
  void skew(Span s, String why) {
    try {
      driver.skewClock(s.toDuration()).get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new ScenarioError(name + ".clock(" + s + ") failed: " + e, name + ".start()");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScenarioError(name + ".clock(" + s + ") was interrupted", name + ".clock(0.s)");
    }
    skew = s;
    boolean right = s.nanos() == 0;
    scenario
        .timeline()
        .mark(
            name,
            right ? "heal" : "fault",
            why + (right ? "clock right" : "clock " + (s.nanos() > 0 ? "+" : "") + s));
  }

  /** Whether a nemesis fault of this kind ({@code clock}, {@code disk}) still holds. */
  boolean holds(String fault) {
    return fault.equals("clock") ? skew.nanos() != 0 : diskFull && peer.isRunning();
  }
}

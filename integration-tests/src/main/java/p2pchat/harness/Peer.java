package p2pchat.harness;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import p2pchat.agent.Message;

/**
 * One peer of a scenario, as the scenario file sees it: {@code sam.send('Carol', 'hi')}, {@code
 * carol.crash()}, {@code carol.start()}, {@code carol.received('hi', from: 'Sam')}. Lifecycle words
 * are steps (shown in the progress and marked on the report); queries read the peer's own store.
 * Used from the scenario thread.
 */
public final class Peer {
  static final Set<String> SEND_OPTIONS = Set.of("ttl", "data");

  enum State {
    RUNNING,
    STOPPED,
    CRASHED,
    PAUSED
  }

  private final Scenario scenario;
  private final String name;
  private final PeerDriver driver;
  private final FaultProxy proxy; // null for a host peer, which others reach directly
  private final PeerSpec spec;
  private volatile State state = State.STOPPED;
  private final PeerQueries queries;
  private final PeerFaults faults;
  private final PeerRooms rooms;

  Peer(Scenario scenario, PeerSpec spec, PeerDriver driver, FaultProxy proxy) {
    this.scenario = scenario;
    this.name = spec.name();
    this.spec = spec;
    this.driver = driver;
    this.proxy = proxy;
    this.queries = new PeerQueries(this, scenario, name);
    this.faults = new PeerFaults(this, scenario, name, driver);
    this.rooms = new PeerRooms(this, scenario, name, driver);
  }

  public String getName() {
    return name;
  }

  /** Queues a message; the send counts as promised once the sender has it durably in its outbox. */
  public void send(Object to, Object text) {
    send(to, text, null);
  }

  /** As {@link #send(Object, Object)} with JSON data (a map or a JSON string). */
  public void send(Object to, Object text, Object data) {
    send(to, text, data, null);
  }

  /**
   * {@code sam.send('Carol', 'soon stale', ttl: 500.ms)}: with a time-to-live (in-process senders)
   * and {@code data:}.
   */
  public void send(Map<String, ?> options, Object to, Object text) {
    Args.checkOptions("send", options, SEND_OPTIONS);
    Span ttl = options.get("ttl") == null ? null : Args.span(options.get("ttl"), "send(ttl:)");
    send(to, text, options.get("data"), ttl);
  }

  private void send(Object to, Object text, Object data, Span ttl) {
    String receiver = scenario.destinationOf(to);
    if (text == null) {
      throw new ScenarioError("send needs a text", "sam.send('Carol', 'hello')");
    }
    String json = Args.json(data);
    scenario.step(
        "send",
        true,
        () -> {
          requireState("send", State.RUNNING, State.PAUSED);
          CompletableFuture<Message> queued =
              driver.send(
                  receiver, String.valueOf(text), json, ttl == null ? null : ttl.toDuration());
          scenario.track(queued);
          return null;
        });
  }

  /**
   * {@code bob.diskFull()}: Bob's database cannot grow, as on a full disk — his sends fail with a
   * clear error and what reaches him waits in its senders' outboxes; nothing accepted is lost.
   */
  public void diskFull() {
    storage("diskFull", true);
  }

  /** {@code bob.diskOk()}: there is room again; delivery resumes by itself. */
  public void diskOk() {
    storage("diskOk", false);
  }

  private void storage(String word, boolean full) {
    stateStep(word, () -> faults.storage(full, ""), State.RUNNING);
  }

  /**
   * {@code ann.clock(+45.s)}: Ann's clock reads 45 s ahead from now on (and after restarts, as a
   * machine's would); {@code ann.clock(0.s)} puts it right. Her signed timestamps, message times,
   * time-to-live and timers follow it.
   */
  public void clock(Object skew) {
    Span s = Args.span(skew, "clock(...)");
    stateStep("clock", () -> faults.skew(s, ""), State.RUNNING);
  }

  /** {@code sam.createRoom('#ops', 'Carol', 'Dan')}: Sam owns #ops, with Carol and Dan in it. */
  public void createRoom(Object room, Object... members) {
    rooms.create(room, members);
  }

  public void invite(Object room, Object peer) {
    rooms.change("invite", "invite", room, peer);
  }

  public void removeMember(Object room, Object peer) {
    rooms.change("removeMember", "remove", room, peer);
  }

  public void leave(Object room) {
    rooms.change("leave", "leave", room, null);
  }

  /** Graceful stop: the registry hears "away", in-flight work is finished. */
  public void stop() {
    stateStep(
        "stop",
        () -> {
          if (state == State.PAUSED) {
            driver.resume();
          }
          driver.stop();
          retarget(0);
          state = State.STOPPED;
          scenario.timeline().mark(name, "stop", "stopped");
        },
        State.RUNNING,
        State.PAUSED);
  }

  /** Crash: in-process, sockets cut and uncommitted work dropped; process mode, kill -9. */
  public void crash() {
    stateStep("crash", () -> crashNow(""), State.RUNNING, State.PAUSED);
  }

  /** Starts the peer (again): same name, same data directory, same key. */
  public void start() {
    stateStep("start", () -> startAgain(""), State.STOPPED, State.CRASHED);
  }

  /**
   * {@code word} as a step of its own, refused unless the peer is in one of the {@code allowed}.
   */
  private void stateStep(String word, Runnable action, State... allowed) {
    scenario.step(
        word,
        () -> {
          requireState(word, allowed);
          action.run();
        });
  }

  /** A crash without a step of its own (the nemesis's); {@code why} prefixes the mark. */
  void crashNow(String why) {
    driver.crash();
    retarget(0);
    state = State.CRASHED;
    scenario.timeline().mark(name, "crash", why + (ownProcess() ? "kill -9" : "crashed"));
  }

  /** A restart without a step of its own (the nemesis's). */
  void startAgain(String why) {
    startNow();
    scenario.timeline().mark(name, "start", why + "started");
  }

  void pauseNow(String why) {
    driver.pause();
    state = State.PAUSED;
    scenario.timeline().mark(name, "pause", why + "SIGSTOP");
  }

  void resumeNow(String why) {
    driver.resume();
    state = State.RUNNING;
    scenario.timeline().mark(name, "resume", why + "SIGCONT");
  }

  boolean isPaused() {
    return state == State.PAUSED;
  }

  boolean isDown() {
    return state == State.CRASHED || state == State.STOPPED;
  }

  void startNow() {
    int port = driver.start(spec);
    retarget(port);
    state = State.RUNNING;
    faults.started();
  }

  /** Where the proxy in front forwards to (0: the peer is down); a host peer has no proxy. */
  private void retarget(int port) {
    if (proxy != null) {
      proxy.target(port);
    }
  }

  /** A process of its own (process or host peer): it can be SIGSTOPped and killed with -9. */
  boolean ownProcess() {
    return !(driver instanceof InProcessDriver);
  }

  /** SIGSTOP (process peers): frozen, sockets open, heartbeats stop. */
  public void pause() {
    stateStep("pause", () -> pauseNow(""), State.RUNNING);
  }

  /** SIGCONT after {@link #pause()}. */
  public void resume() {
    stateStep("resume", () -> resumeNow(""), State.PAUSED);
  }

  /** Did this peer store a message with this text (from that sender, in that room)? */
  public Verdict received(Map<String, ?> options, Object text) {
    return queries.received(options, text);
  }

  public Verdict received(Object text) {
    return queries.received(Map.of(), text);
  }

  /** Did this peer store anything (from that sender)? */
  public Verdict received(Map<String, ?> options) {
    return queries.received(options);
  }

  /** Has this peer stored every message owed to it (from that sender)? */
  public Verdict receivedAll(Map<String, ?> options) {
    return queries.receivedAll(options);
  }

  public Verdict receivedAll() {
    return queries.receivedAll(Map.of());
  }

  /** Is this peer in {@code room} now? */
  public Verdict joined(Object room) {
    return queries.joined(room);
  }

  /** The rooms this peer is in now. */
  public Texts getRooms() {
    return queries.rooms();
  }

  /** The members of {@code room} as this peer knows them. */
  public Texts members(Object room) {
    return queries.members(room);
  }

  /** The texts this peer stored (from that sender), in the order it handled them. */
  public Texts messages(Map<String, ?> options) {
    return queries.messages(options);
  }

  public Texts messages() {
    return queries.messages(Map.of());
  }

  /** The texts this peer queued (to that receiver), in the order it queued them. */
  public Texts sent(Map<String, ?> options) {
    return queries.sent(options);
  }

  public Texts sent() {
    return queries.sent(Map.of());
  }

  /** Every message this peer stored, both ways, as {@link Message} records. */
  public List<Message> history() {
    scenario.awaitStarts();
    return driver.history();
  }

  public boolean isRunning() {
    return state == State.RUNNING;
  }

  public String getState() {
    return state.name().toLowerCase(java.util.Locale.ROOT);
  }

  public String getMode() {
    return driver.mode();
  }

  /**
   * The address other peers dial: a host peer's own (10.160.x.y), else its proxy's (127.0.0.1, or
   * the host network's gateway when the scenario has host peers).
   */
  public String getAddress() {
    return spec.advertisedHost() != null ? spec.advertisedHost() : spec.listenHost();
  }

  List<String> logTail(int lines) {
    return driver.logTail(lines);
  }

  /** The machine's faults: a full disk, a skewed clock (for the nemesis). */
  PeerFaults faults() {
    return faults;
  }

  PeerDriver driver() {
    return driver;
  }

  /**
   * Ends whatever runs, at the end of a scenario, without recording a step. The history has been
   * read already and nobody is left to say goodbye to, so it is a crash: fast, and the same for
   * in-process and process peers.
   */
  void shutdown() {
    try {
      if (state == State.PAUSED) {
        driver.resume();
      }
      driver.crash();
    } finally {
      state = State.STOPPED;
    }
  }

  void requireState(String word, State... allowed) {
    if (driver.ended().isDone() && (state == State.RUNNING || state == State.PAUSED)) {
      state = State.STOPPED; // it ended by itself (its script stopped it, the process died)
    }
    for (State s : allowed) {
      if (s == state) {
        return;
      }
    }
    String hint =
        switch (state) {
          case STOPPED, CRASHED -> name + ".start()";
          case PAUSED -> name + ".resume()";
          case RUNNING -> name + ".stop() or " + name + ".crash()";
        };
    throw new ScenarioError(
        name + "." + word + "() while " + name + " is " + getState(), "first " + hint);
  }

  @Override
  public String toString() {
    return name;
  }
}

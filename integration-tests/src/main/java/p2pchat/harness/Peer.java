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
  static final Set<String> QUERY_OPTIONS = Set.of("from", "room");
  static final Set<String> SENT_OPTIONS = Set.of("to");
  static final Set<String> SEND_OPTIONS = Set.of("ttl", "data");
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** Where the peer is in its life. */
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
  private volatile Span skew = new Span(0);
  private volatile boolean diskFull;

  Peer(Scenario scenario, PeerSpec spec, PeerDriver driver, FaultProxy proxy) {
    this.scenario = scenario;
    this.name = spec.name();
    this.spec = spec;
    this.driver = driver;
    this.proxy = proxy;
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
    String json = data == null ? null : data instanceof String s ? s : toJson(data);
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
    scenario.step(
        word,
        false,
        () -> {
          requireState(word, State.RUNNING);
          storageNow(full, "");
          return null;
        });
  }

  /** {@code diskFull}/{@code diskOk} without a step of its own (the nemesis's). */
  void storageNow(boolean full, String why) {
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

  /**
   * {@code ann.clock(+45.s)}: Ann's clock reads 45 s ahead from now on (and after restarts, as a
   * machine's would); {@code ann.clock(0.s)} puts it right. Her signed timestamps, message times,
   * time-to-live and timers follow it.
   */
  public void clock(Object skew) {
    Span s = Args.span(skew, "clock(...)");
    scenario.step(
        "clock",
        false,
        () -> {
          requireState("clock", State.RUNNING);
          skewNow(s, "");
          return null;
        });
  }

  /** The skew without a step of its own (the nemesis's); {@code why} prefixes the mark. */
  void skewNow(Span s, String why) {
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

  /** {@code sam.createRoom('#ops', 'Carol', 'Dan')}: Sam owns #ops, with Carol and Dan in it. */
  public void createRoom(Object room, Object... members) {
    List<String> names = new java.util.ArrayList<>();
    for (Object m : members) {
      names.add(scenario.nameOf(m));
    }
    roomStep("createRoom", "create", room, names);
  }

  public void invite(Object room, Object peer) {
    roomStep("invite", "invite", room, List.of(scenario.nameOf(peer)));
  }

  public void removeMember(Object room, Object peer) {
    roomStep("removeMember", "remove", room, List.of(scenario.nameOf(peer)));
  }

  public void leave(Object room) {
    roomStep("leave", "leave", room, List.of());
  }

  /** A room change, done when the change is committed in this peer's store. */
  private void roomStep(String word, String driverWord, Object room, List<String> names) {
    String r = scenario.destinationOf(room);
    if (!p2pchat.agent.rooms.RoomNames.isRoom(r)) {
      throw new ScenarioError(
          word + " needs a room like '#ops', not '" + r + "'", word + "('#ops', ...)");
    }
    scenario.step(
        word,
        true,
        () -> {
          requireState(word, State.RUNNING);
          try {
            driver.room(driverWord, r, names).get(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException e) {
            throw new ScenarioError(
                name + "." + word + " refused: " + e.getCause().getMessage(),
                "check the room's name and members");
          }
          return null;
        });
  }

  private static String toJson(Object data) {
    try {
      return JSON.writeValueAsString(data);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ScenarioError(
          "send data cannot be written as JSON: " + e.getOriginalMessage(),
          "a map of strings, numbers, lists and maps");
    }
  }

  /** Graceful stop: the registry hears "away", in-flight work is finished. */
  public void stop() {
    scenario.step(
        "stop",
        false,
        () -> {
          requireState("stop", State.RUNNING, State.PAUSED);
          if (state == State.PAUSED) {
            driver.resume();
          }
          driver.stop();
          retarget(0);
          state = State.STOPPED;
          scenario.timeline().mark(name, "stop", "stopped");
          return null;
        });
  }

  /** Crash: in-process, sockets cut and uncommitted work dropped; process mode, kill -9. */
  public void crash() {
    scenario.step(
        "crash",
        false,
        () -> {
          requireState("crash", State.RUNNING, State.PAUSED);
          crashNow("");
          return null;
        });
  }

  /** Starts the peer (again): same name, same data directory, same key. */
  public void start() {
    scenario.step(
        "start",
        false,
        () -> {
          requireState("start", State.STOPPED, State.CRASHED);
          startNow();
          scenario.timeline().mark(name, "start", "started");
          return null;
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

  /** Whether a nemesis fault of this kind ({@code clock}, {@code disk}) still holds. */
  boolean holds(String fault) {
    return fault.equals("clock") ? skew.nanos() != 0 : diskFull && isRunning();
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
    diskFull = false; // a new agent opens its database without the limit
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
    scenario.step(
        "pause",
        false,
        () -> {
          requireState("pause", State.RUNNING);
          driver.pause();
          state = State.PAUSED;
          scenario.timeline().mark(name, "pause", "SIGSTOP");
          return null;
        });
  }

  /** SIGCONT after {@link #pause()}. */
  public void resume() {
    scenario.step(
        "resume",
        false,
        () -> {
          requireState("resume", State.PAUSED);
          driver.resume();
          state = State.RUNNING;
          scenario.timeline().mark(name, "resume", "SIGCONT");
          return null;
        });
  }

  /**
   * Did this peer store a message with this text (from that sender, when {@code from:} is given)?
   */
  public Verdict received(Map<String, ?> options, Object text) {
    Args.checkOptions("received", options, QUERY_OPTIONS);
    String from = options.get("from") == null ? null : scenario.nameOf(options.get("from"));
    String room = room(options);
    List<String> texts = texts(from, room);
    boolean ok = texts.contains(String.valueOf(text));
    return Verdict.of(
        ok,
        name
            + " has "
            + texts.size()
            + (from == null ? "" : " from " + from)
            + (room == null ? "" : " in " + room)
            + ": "
            + new Texts(texts));
  }

  public Verdict received(Object text) {
    return received(Map.of(), text);
  }

  /** Did this peer store anything (from that sender)? */
  public Verdict received(Map<String, ?> options) {
    Args.checkOptions("received", options, QUERY_OPTIONS);
    String from = options.get("from") == null ? null : scenario.nameOf(options.get("from"));
    List<String> texts = texts(from, room(options));
    return Verdict.of(
        !texts.isEmpty(), name + " has " + texts.size() + (from == null ? "" : " from " + from));
  }

  /**
   * Has this peer stored every message owed to it (from that sender): durably queued and not
   * expired?
   */
  public Verdict receivedAll(Map<String, ?> options) {
    Args.checkOptions("receivedAll", options, QUERY_OPTIONS);
    String from = options.get("from") == null ? null : scenario.nameOf(options.get("from"));
    String room = room(options);
    scenario.awaitSends(); // what is owed includes the sends still on their way into a store
    History t = scenario.history();
    List<History.Flow> owed =
        t.owed().stream()
            .filter(f -> f.to().equals(name) && (from == null || f.from().equals(from)))
            .filter(f -> room == null || room.equals(f.room()))
            .toList();
    List<History.Flow> missing = owed.stream().filter(f -> !f.received()).toList();
    return Verdict.of(
        missing.isEmpty(),
        name
            + " has "
            + (owed.size() - missing.size())
            + " of "
            + owed.size()
            + (from == null ? "" : " from " + from)
            + (missing.isEmpty()
                ? ""
                : "; missing " + Texts.list(missing.stream().map(History.Flow::brief).toList())));
  }

  public Verdict receivedAll() {
    return receivedAll(Map.of());
  }

  /** Is this peer in {@code room} now, by the newest membership of it in its store? */
  public Verdict joined(Object room) {
    String r = scenario.destinationOf(room);
    List<String> members = members(r);
    return Verdict.of(
        members.contains(name),
        name
            + (members.isEmpty()
                ? " knows no room " + r
                : " has " + r + " with " + String.join(", ", members)));
  }

  /** The rooms this peer is in now. */
  public Texts getRooms() {
    java.util.Set<String> rooms = new java.util.TreeSet<>();
    for (Message m : history()) {
      if (m.room() != null) {
        rooms.add(m.room());
      }
    }
    return new Texts(rooms.stream().filter(r -> members(r).contains(name)).toList());
  }

  /** The members of {@code room} as this peer knows them (its newest membership of it). */
  public Texts members(Object room) {
    return new Texts(members(scenario.destinationOf(room)));
  }

  private List<String> members(String room) {
    long newest = 0;
    List<String> members = List.of();
    for (Message m : history()) {
      p2pchat.agent.rooms.RoomHeader h = m.roomHeader();
      if (h != null
          && h.type() == p2pchat.agent.rooms.RoomHeader.MEMBERSHIP
          && h.roomName().equals(room)
          && h.version() > newest) {
        newest = h.version();
        members = p2pchat.agent.rooms.Membership.fromJson(room, h.version(), m.text()).members();
      }
    }
    return members;
  }

  /** The texts this peer stored (from that sender), in the order it handled them. */
  public Texts messages(Map<String, ?> options) {
    Args.checkOptions("messages", options, QUERY_OPTIONS);
    return new Texts(
        texts(
            options.get("from") == null ? null : scenario.nameOf(options.get("from")),
            room(options)));
  }

  public Texts messages() {
    return messages(Map.of());
  }

  /** The texts this peer queued (to that receiver), in the order it queued them. */
  public Texts sent(Map<String, ?> options) {
    Args.checkOptions("sent", options, SENT_OPTIONS);
    String to = options.get("to") == null ? null : scenario.nameOf(options.get("to"));
    return new Texts(
        history().stream()
            .filter(
                m -> m.direction() == Message.Direction.OUT && (to == null || m.to().equals(to)))
            .map(Message::text)
            .toList());
  }

  public Texts sent() {
    return sent(Map.of());
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

  /** What this peer took (from that sender, in that room): not memberships, not those waiting. */
  private List<String> texts(String from, String room) {
    return history().stream()
        .filter(
            m -> m.direction() == Message.Direction.IN && (from == null || m.from().equals(from)))
        .filter(History::isChat)
        .filter(m -> room == null || room.equals(m.room()))
        .map(Message::text)
        .toList();
  }

  private String room(Map<String, ?> options) {
    return options.get("room") == null ? null : scenario.destinationOf(options.get("room"));
  }

  private void requireState(String word, State... allowed) {
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

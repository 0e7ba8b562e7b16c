package p2pchat.agent.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import p2pchat.agent.AgentEvent;
import p2pchat.agent.Job;
import p2pchat.agent.Message;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.script.ScriptCache;
import p2pchat.agent.script.ScriptHost;

/**
 * A bot script under test, in memory: the real {@link ScriptHost} on an in-memory core with a
 * virtual clock, no network, no registry, no files. Messages arrive with {@link #say}, time passes
 * with {@link #advance}, and what the bot sent is checked with {@link #expectReply}, {@link
 * #expectSent} and {@link #expectNothing}; a check that fails throws {@link BotTestFailure} (an
 * AssertionError, so JUnit reports it as a failure) saying what was expected and what happened.
 *
 * <pre>{@code
 * try (BotTest bot = BotTest.of(Path.of("scripts/reminder.groovy")).start()) {
 *   bot.say("Sam", "remind me in 5 minutes to stretch");
 *   bot.expectReply(Pattern.compile("^ok"));
 *   bot.advance(Duration.ofMinutes(5));
 *   bot.expectSent("Sam", "reminder: stretch");
 *   bot.expectNothing();
 * }
 * }</pre>
 *
 * A handler that fails is recorded; a test that does not {@link #expectError expect} it fails when
 * the bot is closed. Not thread-safe: one test drives it from one thread.
 */
public final class BotTest implements AutoCloseable {

  /** Where the virtual clock starts unless told: Monday 6 January 2025, 08:00 UTC. */
  public static final Instant DEFAULT_START = Instant.parse("2025-01-06T08:00:00Z");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path script;
  private final ScriptCache cache;
  private final MemoryCore core;
  private final SentChecks checks;
  private ScriptHost host;
  private String replyTo; // the sender, or room, of the last say
  private boolean stopped;

  private BotTest(Path script, String name, Instant start, ScriptCache cache) {
    this.script = script;
    this.cache = cache;
    this.core = new MemoryCore(name, start.toEpochMilli());
    this.checks = new SentChecks(core.sent);
    startAgent();
  }

  /** How to start a bot test: {@code BotTest.of(path).name("Ops").startAt(instant).start()}. */
  public static Builder of(Path script) {
    return new Builder(script);
  }

  /** Options of a bot test. Not thread-safe. */
  public static final class Builder {
    private final Path script;
    private String name = "Bot";
    private Instant start = DEFAULT_START;
    private ScriptCache cache;

    private Builder(Path script) {
      this.script = Objects.requireNonNull(script, "script");
    }

    /** The agent's name ({@code me} in the script); {@code Bot} unless told. */
    public Builder name(String name) {
      this.name = p2pchat.agent.Names.check(name);
      return this;
    }

    /** Where the virtual clock starts. */
    public Builder startAt(Instant start) {
      this.start = Objects.requireNonNull(start, "start");
      return this;
    }

    /** Shares compiled scripts between tests: the first test compiles, the others reuse it. */
    public Builder cache(ScriptCache cache) {
      this.cache = cache;
      return this;
    }

    /**
     * Loads the script and runs its {@code on start}.
     *
     * @throws p2pchat.agent.script.ScriptException naming the script's file and line
     */
    public BotTest start() {
      return new BotTest(script, name, start, cache == null ? new ScriptCache() : cache);
    }
  }

  private void startAgent() {
    host = ScriptHost.load(script, core.me, null, cache, () -> core.now);
    host.addFailureListener(checks::failed);
    stopped = false;
    core.stopRequested = false;
    core.run(host, null, host::onStart);
    afterCall();
  }

  // ---- what happens to the bot ----

  /** A message from {@code from} arrives. */
  public void say(String from, String text) {
    say(from, text, null, null);
  }

  /**
   * A message from {@code from} arrives, in {@code room} ({@code #ops}) if that is not null, with
   * {@code data} (maps, lists, text, numbers: sent as JSON) if that is not null. In a room this
   * agent is not in yet, it is first invited by {@code from} ({@code on joined} runs).
   */
  public void say(String from, String text, String room, Object data) {
    p2pchat.agent.Names.check(from);
    Objects.requireNonNull(text, "say needs a text: say 'Sam', 'hi'");
    running();
    known(from);
    if (room != null) {
      joinAsNeeded(p2pchat.agent.rooms.RoomNames.check(room), from);
    }
    Message m = core.incoming(from, text, json(data), room);
    replyTo = room != null ? room : from;
    core.run(host, m, fx -> host.onMessage(m, fx));
    afterCall();
  }

  /** Moves the virtual clock on by {@code d}; every timer and cron slot due meanwhile fires. */
  public void advance(Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException("advance needs a duration of zero or more: " + d);
    }
    running();
    long until = core.now + d.toMillis();
    for (Job job = core.nextDue(until); job != null && !stopped; job = core.nextDue(until)) {
      core.fire(host, job);
      afterCall();
    }
    core.now = Math.max(core.now, until);
  }

  /**
   * The agent stops gracefully ({@code on stop} runs) and a new one starts on the same database:
   * state, timers, rooms and known peers are kept; {@code on start} runs.
   */
  public void restart() {
    if (!stopped) {
      core.run(host, null, host::onStop);
      checks.collect();
    }
    host.close();
    startAgent();
  }

  /** The registry says {@code name} is {@code status} (online, away, unreachable). */
  public void peer(String name, String status) {
    p2pchat.agent.Names.check(name);
    if (!List.of(PeerInfo.ONLINE, PeerInfo.AWAY, PeerInfo.UNREACHABLE).contains(status)) {
      throw new IllegalArgumentException(
          "a peer's status is online, away or unreachable, not '" + status + "'");
    }
    running();
    PeerInfo before = core.peers.get(name);
    PeerInfo now = new PeerInfo(name, status, "127.0.0.1", 0, core.now);
    core.peers.put(name, now);
    boolean wasOnline = before != null && before.online();
    if (now.online() != wasOnline) {
      core.event(
          host,
          now.online()
              ? new AgentEvent.PeerOnline(name)
              : new AgentEvent.PeerOffline(name, status));
      afterCall();
    }
  }

  /** {@code name} goes away ({@code on offline} runs if it was online). */
  public void goOffline(String name) {
    if (!core.peers.containsKey(name)) {
      throw new IllegalArgumentException(
          "goOffline('" + name + "'): " + name + " is not a peer yet; peer('" + name + "') first");
    }
    peer(name, PeerInfo.AWAY);
  }

  /**
   * Calls the script's webhook at {@code path} as the agent's HTTP side would; its effects commit
   * like a message handler's. {@code json} (if not null) is the body, sent as JSON.
   */
  public WebhookResponse webhook(String path, Object json) {
    return webhook(path, "POST", Map.of(), Map.of(), json == null ? "" : json(json), json != null);
  }

  /** The general form: method, headers, query parameters and a body of text. */
  public WebhookResponse webhook(
      String path,
      String method,
      Map<String, String> headers,
      Map<String, String> query,
      String body,
      boolean isJson) {
    running();
    if (!host.webhookPaths().contains(path)) {
      throw new BotTestFailure(
          "webhook '" + path + "'",
          "a webhook " + path,
          "the script has "
              + (host.webhookPaths().isEmpty()
                  ? "none"
                  : host.webhookPaths().stream().sorted().toList()));
    }
    WebhookResponse response =
        WebhookCall.run(
            core, host, path, WebhookCall.request(method, path, headers, query, body, isJson));
    afterCall();
    return response;
  }

  /**
   * Every message sent and still waiting (to {@code to}, if not null) reaches its receiver: {@code
   * on delivered} runs for each (a room's message once per member). Returns them.
   */
  public List<Sent> delivered(String to) {
    return settle(to, Message.Status.DELIVERED, false);
  }

  /** Every message sent with a ttl and still waiting (to {@code to}, if not null) expires. */
  public List<Sent> expire(String to) {
    return settle(to, Message.Status.EXPIRED, true);
  }

  private List<Sent> settle(String to, Message.Status status, boolean ttlOnly) {
    running();
    List<Sent> chosen =
        core.pending.stream()
            .filter(s -> to == null || s.to().equals(to))
            .filter(s -> !ttlOnly || s.ttl() != null)
            .toList();
    String word = status == Message.Status.DELIVERED ? "delivered" : "expire";
    if (chosen.isEmpty()) {
      throw new BotTestFailure(
          word + "(" + (to == null ? "" : "to: '" + to + "'") + ")",
          "a message "
              + (ttlOnly ? "with a ttl " : "")
              + "waiting"
              + (to == null ? "" : " to " + to),
          core.pending.isEmpty() ? "none is waiting" : "waiting: " + core.pending);
    }
    core.pending.removeAll(chosen);
    for (Sent s : chosen) {
      for (Message copy : core.copies(s, status)) {
        core.event(
            host,
            status == Message.Status.DELIVERED
                ? new AgentEvent.Delivered(copy)
                : new AgentEvent.Expired(copy));
        afterCall();
      }
    }
    return chosen;
  }

  // ---- what the bot did ----

  /** The next message the bot sent is to the sender (or room) of the last {@link #say}. */
  public Sent expectReply(Object text) {
    return checks.expectReply(replyTo, text);
  }

  /**
   * A message the bot sent, not checked yet, goes to {@code to} (any receiver if null) with {@code
   * text} (a String for the exact text, a Pattern found in it; any text if null).
   */
  public Sent expectSent(String to, Object text) {
    return checks.expectSent(to, text);
  }

  /** The bot sent nothing that was not checked yet. */
  public void expectNothing() {
    checks.expectNothing();
  }

  /** A handler failed with a line containing {@code text} (a String, or a Pattern found in it). */
  public String expectError(Object text) {
    return checks.expectError(text);
  }

  /** The bot's state as the script sees it, parsed (numbers, text, lists, maps); read-only. */
  public Map<String, Object> state() {
    Map<String, Object> view = new LinkedHashMap<>();
    core.state.forEach(
        (k, v) -> {
          try {
            view.put(k, JSON.readValue(v, Object.class));
          } catch (JsonProcessingException e) {
            view.put(k, v);
          }
        });
    return java.util.Collections.unmodifiableMap(view);
  }

  /** Every message the bot sent since the test began, checked or not. */
  public List<Sent> sent() {
    return List.copyOf(core.sent);
  }

  /** The virtual clock. */
  public Instant now() {
    return Instant.ofEpochMilli(core.now);
  }

  /** Whether the bot stopped itself ({@code stop()}); {@link #restart} starts it again. */
  public boolean stopped() {
    return stopped;
  }

  /** The rooms the bot is in now. */
  public List<Membership> rooms() {
    return List.copyOf(core.rooms.values());
  }

  /**
   * Ends the test: the script host is closed.
   *
   * @throws BotTestFailure if a handler failed and the test did not {@link #expectError} it
   */
  @Override
  public void close() {
    host.close();
    checks.expectNoFailureLeft();
  }

  // ---- helpers ----

  private void afterCall() {
    checks.collect();
    if (core.stopRequested && !stopped) {
      core.run(host, null, host::onStop);
      checks.collect();
      stopped = true;
    }
  }

  private void running() {
    if (stopped) {
      throw new BotTestFailure(
          "the bot stopped itself (stop())", "a running bot", "stopped; restart() starts it again");
    }
  }

  private void known(String name) {
    if (!core.peers.containsKey(name)) {
      core.peers.put(name, new PeerInfo(name, PeerInfo.ONLINE, "127.0.0.1", 0, core.now));
    }
  }

  private void joinAsNeeded(String room, String from) {
    Membership m = core.rooms.get(room);
    if (m == null) {
      core.rooms.put(room, Membership.create(room, from, List.of(core.me)));
      core.event(host, new AgentEvent.Joined(room));
      afterCall();
    } else if (!m.includes(from)) {
      List<String> members = new ArrayList<>(m.members());
      members.add(from);
      core.rooms.put(room, new Membership(room, m.owner(), m.version() + 1, members));
    }
  }

  private static String json(Object data) {
    if (data == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(data instanceof CharSequence c ? c.toString() : data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getMessage(), e);
    }
  }
}

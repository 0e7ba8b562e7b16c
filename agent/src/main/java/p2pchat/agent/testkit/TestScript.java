package p2pchat.agent.testkit;

import groovy.lang.Closure;
import groovy.lang.Script;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import p2pchat.agent.script.Vocabulary;

/**
 * The base class of a bot test file ({@code scripts/NAME.test.groovy}): its public methods are the
 * test DSL. Running the file only collects {@code bot}, {@code startAt} and the {@code test(...)}
 * blocks; {@link TestRunner} then runs each block against a fresh {@link BotTest}, which the words
 * inside the blocks drive. One instance per file run; used from one thread.
 */
public abstract class TestScript extends Script {

  /** The words of the file's top level. */
  static final List<String> TOP_WORDS = List.of("bot", "startAt", "test");

  /** The words inside a test block. */
  static final List<String> TEST_WORDS =
      List.of(
          "say",
          "expectReply",
          "expectSent",
          "expectNothing",
          "expectError",
          "advance",
          "restart",
          "peer",
          "goOffline",
          "webhook",
          "delivered",
          "expire",
          "state",
          "sent",
          "rooms",
          "now",
          "stopped");

  /** One {@code test('name') { ... }} of the file. */
  record Definition(String name, Closure<?> body, int line) {}

  record BotLine(String path, String name, int line) {}

  private final List<Definition> tests = new ArrayList<>();
  private BotLine bot;
  private Instant startAt = BotTest.DEFAULT_START;
  private BotTest current;
  private String fileName = "";

  /** The one-line error for a word that is not one, with the valid words and the closest. */
  static String unknownWord(String word) {
    List<String> all = new ArrayList<>(TOP_WORDS);
    all.addAll(TEST_WORDS);
    String closest = Vocabulary.closest(word, all);
    return "unknown word '"
        + word
        + "'"
        + (closest == null ? "" : " (did you mean '" + closest + "'?)")
        + "; top level: "
        + String.join(", ", TOP_WORDS)
        + "; in a test: "
        + String.join(", ", TEST_WORDS);
  }

  // ---- the top level ----

  /** The script under test, relative to this file's folder or the working directory. */
  public void bot(Object path) {
    bot(Map.of(), path);
  }

  /** {@code bot 'ops.groovy', name: 'Ops'}: the agent's name ({@code me}), Bot unless told. */
  public void bot(Map<String, ?> options, Object path) {
    outside("bot");
    options(options, "bot", Set.of("name"));
    if (bot != null) {
      throw new IllegalArgumentException(
          "bot is declared twice (first at line " + bot.line() + "); a test file tests one bot");
    }
    if (path == null || path.toString().isBlank()) {
      throw new IllegalArgumentException("bot needs the script's path: bot 'reminder.groovy'");
    }
    Object name = options.get("name");
    bot = new BotLine(path.toString(), name == null ? "Bot" : name.toString(), lineHere());
  }

  /** Where the virtual clock starts in every test: {@code startAt '2025-01-06T08:59:00Z'}. */
  public void startAt(Object moment) {
    outside("startAt");
    try {
      startAt = OffsetDateTime.parse(String.valueOf(moment)).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "startAt takes a moment with its offset, like '2025-01-06T08:59:00Z' or"
              + " '2025-01-06T09:59:00+01:00', not '"
              + moment
              + "'");
    }
  }

  /** Declares a test; the runner runs it after the file has been read. */
  public void test(Object name, Closure<?> body) {
    outside("test");
    if (name == null || name.toString().isBlank()) {
      throw new IllegalArgumentException("a test needs a name: test('what it shows') { ... }");
    }
    tests.add(new Definition(name.toString(), body, lineHere()));
  }

  // ---- inside a test ----

  public void say(Object from, Object text) {
    say(Map.of(), from, text);
  }

  /** {@code say('Sam', 'hi', room: '#ops', data: [id: 7])}. */
  public void say(Map<String, ?> options, Object from, Object text) {
    options(options, "say", Set.of("room", "data"));
    if (from == null || text == null) {
      throw new IllegalArgumentException("say needs a sender and a text: say 'Sam', 'hi'");
    }
    Object room = options.get("room");
    bot("say")
        .say(
            from.toString(),
            text.toString(),
            room == null ? null : room.toString(),
            options.get("data"));
  }

  public Sent expectReply(Object text) {
    return bot("expectReply").expectReply(text(text, "expectReply 'ok'"));
  }

  /** {@code expectSent to: 'Sam', text: 'hi'} (either may be left out; text may be ~/regex/). */
  public Sent expectSent(Map<String, ?> options) {
    options(options, "expectSent", Set.of("to", "text"));
    Object to = options.get("to");
    Object text = options.get("text");
    if (to == null && text == null) {
      throw new IllegalArgumentException(
          "expectSent needs to:, text: or both: expectSent to: 'Sam', text: 'hi'");
    }
    return bot("expectSent")
        .expectSent(to == null ? null : to.toString(), text == null ? null : text(text, ""));
  }

  public void expectNothing() {
    bot("expectNothing").expectNothing();
  }

  public String expectError(Object text) {
    return bot("expectError").expectError(text(text, "expectError ~/Division/"));
  }

  public String expectError() {
    return bot("expectError").expectError(null);
  }

  public void advance(Object duration) {
    if (!(duration instanceof Duration d)) {
      throw new IllegalArgumentException(
          "advance takes a duration like 5.minutes or 30.seconds, not " + duration);
    }
    bot("advance").advance(d);
  }

  public void restart() {
    bot("restart").restart();
  }

  public void peer(Object name) {
    peer(Map.of(), name);
  }

  /** {@code peer('Carol', status: 'online')}: online unless told. */
  public void peer(Map<String, ?> options, Object name) {
    options(options, "peer", Set.of("status"));
    Object status = options.get("status");
    bot("peer").peer(String.valueOf(name), status == null ? "online" : status.toString());
  }

  public void goOffline(Object name) {
    bot("goOffline").goOffline(String.valueOf(name));
  }

  public WebhookResponse webhook(Object path) {
    return webhook(Map.of(), path);
  }

  /**
   * {@code webhook('/deploy', json: [service: 'api'])}; also {@code text:}, {@code headers:},
   * {@code query:}, {@code method:} (POST unless told).
   */
  @SuppressWarnings("unchecked")
  public WebhookResponse webhook(Map<String, ?> options, Object path) {
    options(options, "webhook", Set.of("json", "text", "headers", "query", "method"));
    if (options.containsKey("json") && options.containsKey("text")) {
      throw new IllegalArgumentException("webhook takes json: or text:, not both");
    }
    BotTest b = bot("webhook");
    Object method = options.get("method");
    Map<String, String> headers = strings((Map<Object, Object>) options.get("headers"));
    Map<String, String> query = strings((Map<Object, Object>) options.get("query"));
    boolean isJson = options.containsKey("json");
    Object body = options.get(isJson ? "json" : "text");
    String bodyText =
        isJson ? (body == null ? "null" : jsonText(body)) : (body == null ? "" : body.toString());
    return b.webhook(
        String.valueOf(path),
        method == null ? "POST" : method.toString(),
        headers,
        query,
        bodyText,
        isJson);
  }

  public List<Sent> delivered() {
    return bot("delivered").delivered(null);
  }

  public List<Sent> delivered(Map<String, ?> options) {
    options(options, "delivered", Set.of("to"));
    return bot("delivered").delivered(name(options.get("to")));
  }

  public List<Sent> expire() {
    return bot("expire").expire(null);
  }

  public List<Sent> expire(Map<String, ?> options) {
    options(options, "expire", Set.of("to"));
    return bot("expire").expire(name(options.get("to")));
  }

  public Map<String, Object> getState() {
    return bot("state").state();
  }

  public List<Sent> getSent() {
    return bot("sent").sent();
  }

  public List<String> getRooms() {
    return bot("rooms").rooms().stream().map(m -> m.room()).toList();
  }

  public Instant getNow() {
    return bot("now").now();
  }

  public boolean isStopped() {
    return bot("stopped").stopped();
  }

  // ---- for the runner ----

  List<Definition> tests() {
    return List.copyOf(tests);
  }

  BotLine botLine() {
    return bot;
  }

  Instant startMoment() {
    return startAt;
  }

  void fileName(String name) {
    fileName = name;
  }

  String fileName() {
    return fileName;
  }

  void current(BotTest test) {
    current = test;
  }

  // ---- helpers ----

  private BotTest bot(String word) {
    if (current == null) {
      throw new IllegalArgumentException(
          word + " works inside a test: test('what it shows') { " + word + " ... }");
    }
    return current;
  }

  private void outside(String word) {
    if (current != null) {
      throw new IllegalArgumentException(word + " belongs at the top of the file, not in a test");
    }
  }

  private static void options(Map<String, ?> options, String word, Set<String> allowed) {
    for (String key : options.keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(
            word
                + " has no option '"
                + key
                + "'; options: "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }

  private static String name(Object name) {
    return name == null ? null : name.toString();
  }

  private static Object text(Object text, String example) {
    if (text == null) {
      throw new IllegalArgumentException("needs a text or ~/regex/: " + example);
    }
    return text instanceof Pattern ? text : text.toString();
  }

  private static Map<String, String> strings(Map<Object, Object> map) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (map != null) {
      map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }

  private static String jsonText(Object json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("webhook's json: cannot be written as JSON: " + e);
    }
  }

  /** The line of the test file that is running now. */
  private int lineHere() {
    String file = fileName;
    for (StackTraceElement e : new Throwable().getStackTrace()) {
      if (file.equals(e.getFileName()) && e.getLineNumber() > 0) {
        return e.getLineNumber();
      }
    }
    return 0;
  }
}

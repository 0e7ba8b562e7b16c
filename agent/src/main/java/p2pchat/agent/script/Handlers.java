package p2pchat.agent.script;

import groovy.lang.Closure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The handlers one load of a script registered: closures per event, {@code hear} listeners in the
 * order written, and top-level {@code every} timers keyed by call site. Filled while the script
 * body runs at load, then frozen and only read (on the dispatch thread) after publication.
 */
final class Handlers {

  /** A {@code hear(~/regex/) { msg, m -> }} listener, and who may trigger it. */
  record Hear(Pattern pattern, Allow allow, Closure<?> closure) {}

  /**
   * A top-level {@code every(n, UNIT) { }}: one persisted job per key across restarts and reloads.
   */
  record TopTimer(String key, Duration period, Closure<?> closure) {}

  /**
   * A top-level {@code cron('0 9 * * MON-FRI') { }}: one persisted job per key (call site and
   * schedule), due at its next slot; {@code catchUp} false skips a slot missed while the agent was
   * down.
   */
  record CronTimer(String key, CronSpec spec, boolean catchUp, Closure<?> closure) {}

  /** A {@code webhook('/deploy') { req -> }}: its method, path, block and line. */
  record Webhook(String method, String path, Closure<?> closure, int line) {}

  private final Map<String, CronTimer> crons = new LinkedHashMap<>();
  private final Map<String, Webhook> webhooks = new LinkedHashMap<>();
  private final Map<EventKind, List<Closure<?>>> building = new EnumMap<>(EventKind.class);
  private final EnumMap<EventKind, Closure<?>[]> frozen = new EnumMap<>(EventKind.class);
  private final List<Hear> hears = new ArrayList<>();
  private final Map<String, TopTimer> topTimers = new LinkedHashMap<>();
  private final Commands commands = new Commands();
  private Hear[] hearArray = new Hear[0];
  private boolean isFrozen;

  void add(EventKind kind, Closure<?> closure) {
    checkOpen("on " + kind.word());
    building.computeIfAbsent(kind, k -> new ArrayList<>()).add(closure);
  }

  void addHear(Pattern pattern, Allow allow, Closure<?> closure) {
    checkOpen("hear");
    hears.add(new Hear(pattern, allow, closure));
  }

  /** The commands, prefix and admins; {@code word} is the declaring word, refused once frozen. */
  Commands commands(String word) {
    checkOpen(word);
    return commands;
  }

  Commands commands() {
    return commands;
  }

  void addTopTimer(TopTimer timer) {
    checkOpen("every");
    topTimers.put(timer.key(), timer);
  }

  void addCron(CronTimer timer) {
    checkOpen("cron");
    crons.put(timer.key(), timer);
  }

  void addWebhook(Webhook w) {
    checkOpen("webhook");
    Webhook before = webhooks.putIfAbsent(w.path(), w);
    if (before != null) {
      throw new DslException(
          "webhook " + w.path() + " is declared twice (line " + before.line() + " too); keep one");
    }
  }

  Map<String, Webhook> webhooks() {
    return webhooks;
  }

  Map<String, CronTimer> crons() {
    return crons;
  }

  private void checkOpen(String word) {
    if (isFrozen) {
      throw new DslException(
          word
              + " registers a handler and works only at the top of the script, not inside a handler");
    }
  }

  void freeze() {
    for (EventKind kind : EventKind.values()) {
      frozen.put(kind, building.getOrDefault(kind, List.of()).toArray(new Closure<?>[0]));
    }
    hearArray = hears.toArray(new Hear[0]);
    isFrozen = true;
  }

  boolean isFrozen() {
    return isFrozen;
  }

  Closure<?>[] of(EventKind kind) {
    return frozen.get(kind);
  }

  Hear[] hears() {
    return hearArray;
  }

  Map<String, TopTimer> topTimers() {
    return topTimers;
  }
}

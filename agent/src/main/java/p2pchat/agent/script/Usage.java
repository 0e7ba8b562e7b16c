package p2pchat.agent.script;

import java.util.Map;
import java.util.StringJoiner;

/** How each DSL word is written, for "wrong arguments" errors. Stateless and thread-safe. */
final class Usage {

  private static final Map<String, String> USAGE =
      Map.ofEntries(
          Map.entry("on", "on message { msg -> ... }"),
          Map.entry("hear", "hear(~/regex/) { msg, m -> ... }"),
          Map.entry("start", "on start { ... }"),
          Map.entry("message", "on message { msg -> ... }"),
          Map.entry("online", "on online { peer -> ... }"),
          Map.entry("offline", "on offline { peer -> ... }"),
          Map.entry("delivered", "on delivered { msg -> ... }"),
          Map.entry("expired", "on expired { msg -> ... }"),
          Map.entry("error", "on error { e, msg -> ... }"),
          Map.entry(
              "send",
              "send 'Carol', 'text' (optionally data as a third argument and ttl: 30.seconds)"),
          Map.entry("reply", "reply 'text' (optionally data and ttl: 30.seconds)"),
          Map.entry("broadcast", "broadcast 'text' (optionally data)"),
          Map.entry("after", "after(5, MINUTES) { ... } or after(5.minutes) { ... }"),
          Map.entry("every", "every(30, SECONDS) { ... } or every(30.seconds) { ... }"),
          Map.entry("cancel", "cancel(timerId) with the id after or every returned"),
          Map.entry("stop", "stop() to stop the agent, or on stop { ... }"));

  private Usage() {}

  static String of(String word) {
    return USAGE.get(word);
  }

  static String types(Object args) {
    StringJoiner j = new StringJoiner(", ", "(", ")");
    if (args instanceof Object[] array) {
      for (Object a : array) {
        j.add(a == null ? "null" : a.getClass().getSimpleName());
      }
    }
    return j.toString();
  }
}

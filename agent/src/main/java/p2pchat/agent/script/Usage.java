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
          Map.entry("stop", "stop() to stop the agent, or on stop { ... }"),
          Map.entry(
              "command",
              "command('deploy', 'deploy NAME — ship a service', allow: admins) { msg, args -> ... }"),
          Map.entry("commandPrefix", "commandPrefix '!' (once, at the top of the script)"),
          Map.entry("unknownCommand", "unknownCommand 'suggest' (or 'ignore')"),
          Map.entry("admins", "admins 'Sam', 'Carol' (then allow: admins)"),
          Map.entry("denied", "on denied { msg, command -> ... }"),
          Map.entry(
              "cron",
              "cron('0 9 * * MON-FRI', zone: 'Europe/Berlin', catchUp: false) { ... } (five fields:"
                  + " minute hour day-of-month month day-of-week)"),
          Map.entry(
              "webhook",
              "webhook('/deploy') { req -> ... } (optionally method: 'GET'); answer [status: 202,"
                  + " body: [ok: true]]"));

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

package p2pchat.agent.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The DSL's words, for error messages that list what is allowed and suggest the closest word.
 * Stateless and thread-safe.
 */
public final class Vocabulary {

  static final List<String> EVENTS =
      List.of(
          "start",
          "stop",
          "message",
          "online",
          "offline",
          "delivered",
          "expired",
          "error",
          "joined",
          "left",
          "denied");
  static final List<String> ACTIONS =
      List.of(
          "send",
          "reply",
          "broadcast",
          "peers",
          "rooms",
          "me",
          "state",
          "after",
          "every",
          "cancel",
          "log",
          "stop");

  /** Words that declare something at the top of the script, beside {@code on} and {@code hear}. */
  static final List<String> TOP_LEVEL =
      List.of("command", "commandPrefix", "unknownCommand", "admins", "cron", "webhook");

  static final List<String> UNITS = List.of("MILLISECONDS", "SECONDS", "MINUTES", "HOURS", "DAYS");

  private Vocabulary() {}

  static String valid() {
    return "events: on "
        + String.join("|", EVENTS)
        + ", hear(~/regex/); declarations: "
        + String.join(", ", TOP_LEVEL)
        + "; actions: "
        + String.join(", ", ACTIONS);
  }

  /** One line: the unknown word, the closest valid one if close, and the valid words. */
  static String unknownWord(String word) {
    String suggestion = closest(word);
    return "unknown word '"
        + word
        + "'"
        + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
        + "; "
        + valid();
  }

  private static String closest(String word) {
    List<String> all = new ArrayList<>(EVENTS);
    all.addAll(ACTIONS);
    all.addAll(UNITS);
    all.addAll(TOP_LEVEL);
    all.add("hear");
    all.add("on");
    return closest(word, all);
  }

  /** The candidate nearest to {@code word} if it is near enough to be a typo of it, else null. */
  public static String closest(String word, List<String> all) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : all) {
      int d = distance(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(1, word.length() / 3) ? best : null;
  }

  /** Edit distance counting a swap of two neighbours as one edit ("sned" is one from "send"). */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}

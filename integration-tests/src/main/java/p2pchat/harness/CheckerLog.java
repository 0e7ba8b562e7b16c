package p2pchat.harness;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a scenario's history checkers judged: the last judgement of each word with what it counted
 * (for the report), and how many sends there were when each last passed, so that the end of the
 * story runs again only those that sends have followed. Thread-safe.
 */
final class CheckerLog {
  private final Map<String, HistoryCheckers.Outcome> counted =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Long> passedAt = new ConcurrentHashMap<>();

  void counted(HistoryCheckers.Outcome o) {
    counted.put(o.word(), o);
  }

  /** The last judgement of each word, in the order they first ran. */
  List<HistoryCheckers.Outcome> counted() {
    synchronized (counted) {
      return List.copyOf(counted.values());
    }
  }

  /** {@code word} passed when the story had made {@code sends} sends. */
  void passed(String word, long sends) {
    passedAt.put(word, sends);
  }

  /** Whether {@code word} must run at the end: it never passed, or sends came after it did. */
  boolean due(String word, long sends) {
    Long at = passedAt.get(word);
    return at == null || at != sends;
  }
}

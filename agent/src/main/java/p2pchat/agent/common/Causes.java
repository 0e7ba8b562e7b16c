package p2pchat.agent.common;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What went wrong, in one line: the agent's one copy of unwrapping a failure. Stateless. */
public final class Causes {
  private Causes() {}

  /**
   * {@code t} without the wrappers futures add ({@link CompletionException}, {@link
   * ExecutionException}).
   */
  public static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException)
        && cur.getCause() != null
        && cur.getCause() != cur) {
      cur = cur.getCause();
    }
    return cur;
  }

  /** The deepest cause of {@code t} (itself if it has none). */
  public static Throwable root(Throwable t) {
    Throwable cur = t;
    for (int depth = 0; cur.getCause() != null && cur.getCause() != cur && depth < 100; depth++) {
      cur = cur.getCause();
    }
    return cur;
  }

  /** A future's failure for a log line: its message once unwrapped, or its class's simple name. */
  public static String describe(Throwable t) {
    return message(unwrap(t));
  }

  /** The root cause's message, its first line only, or the root's class's simple name. */
  public static String oneLine(Throwable t) {
    return message(root(t));
  }

  private static String message(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank()
        ? t.getClass().getSimpleName()
        : message.lines().findFirst().orElse(message);
  }
}

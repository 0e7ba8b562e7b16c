package p2pchat.agent.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a bot test has not checked yet: the messages the bot sent and the handler failures, with
 * {@link BotTest}'s checks of them and their messages (what was expected, what happened). Not
 * thread-safe: one test drives it from one thread.
 */
final class SentChecks {
  private final List<Sent> sent; // everything sent, in commit order (the core's)
  private final List<Sent> unchecked = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private int collected; // how many of sent are in unchecked or were checked

  SentChecks(List<Sent> sent) {
    this.sent = sent;
  }

  /** A handler failed with this line. */
  void failed(String line) {
    failures.add(line);
  }

  /** Moves what the last calls committed to the messages still to check. */
  void collect() {
    unchecked.addAll(sent.subList(collected, sent.size()));
    collected = sent.size();
  }

  /** The next message the bot sent is to {@code replyTo}, the sender (or room) of the last say. */
  Sent expectReply(String replyTo, Object text) {
    String what = "expectReply " + show(text);
    if (replyTo == null) {
      throw new IllegalArgumentException(what + " needs a say before it: it checks the answer");
    }
    if (unchecked.isEmpty()) {
      throw new BotTestFailure(
          what, "to " + replyTo + ": " + show(text), "nothing was sent" + failuresSoFar());
    }
    Sent next = unchecked.get(0);
    if (!next.to().equals(replyTo) || !matches(text, next.text())) {
      throw new BotTestFailure(
          what,
          "to " + replyTo + ": " + show(text),
          next + differs(text, next.text()) + failuresSoFar());
    }
    unchecked.remove(0);
    return next;
  }

  /**
   * A message the bot sent, not checked yet, goes to {@code to} (any receiver if null) with {@code
   * text} (a String for the exact text, a Pattern found in it; any text if null).
   */
  Sent expectSent(String to, Object text) {
    String what =
        "expectSent "
            + (to == null ? "" : "to: '" + to + "'")
            + (to != null && text != null ? ", " : "")
            + (text == null ? "" : "text: " + show(text));
    for (Sent s : unchecked) {
      if ((to == null || s.to().equals(to)) && (text == null || matches(text, s.text()))) {
        unchecked.remove(s);
        return s;
      }
    }
    String expected =
        (to == null ? "to anyone" : "to " + to) + ": " + (text == null ? "anything" : show(text));
    throw new BotTestFailure(
        what,
        expected,
        (unchecked.isEmpty() ? "nothing was sent" : "sent: " + unchecked) + failuresSoFar());
  }

  /** The bot sent nothing that was not checked yet. */
  void expectNothing() {
    if (!unchecked.isEmpty()) {
      throw new BotTestFailure("expectNothing()", "nothing sent", "sent: " + unchecked);
    }
  }

  /** A handler failed with a line containing {@code text} (a String, or a Pattern found in it). */
  String expectError(Object text) {
    for (String f : failures) {
      if (text == null || matches(text, f) || (text instanceof String t && f.contains(t))) {
        failures.remove(f);
        return f;
      }
    }
    throw new BotTestFailure(
        "expectError " + (text == null ? "" : show(text)),
        "a handler failure " + (text == null ? "" : "like " + show(text)),
        failures.isEmpty() ? "no handler failed" : "failed: " + failures);
  }

  /** At the end of a test: a handler failure not expected fails it. */
  void expectNoFailureLeft() {
    if (!failures.isEmpty()) {
      List<String> left = List.copyOf(failures);
      failures.clear();
      throw new BotTestFailure(
          "a handler failed (expectError checks a failure the test means)",
          "no handler failure",
          String.join("; ", left));
    }
  }

  /** Why a bot may have sent nothing: the handler failures the test has not expected. */
  private String failuresSoFar() {
    return failures.isEmpty() ? "" : "; a handler failed: " + String.join("; ", failures);
  }

  private static boolean matches(Object expected, String actual) {
    if (expected instanceof Pattern p) {
      return p.matcher(actual).find();
    }
    return String.valueOf(expected).equals(actual);
  }

  private static String show(Object text) {
    return text instanceof Pattern p ? "~/" + p.pattern() + "/" : "'" + text + "'";
  }

  /** Spock's hint: where two texts part. */
  private static String differs(Object expected, String actual) {
    if (expected instanceof Pattern || expected == null) {
      return "";
    }
    String e = String.valueOf(expected);
    if (e.equals(actual)) {
      return "";
    }
    int i = 0;
    while (i < e.length() && i < actual.length() && e.charAt(i) == actual.charAt(i)) {
      i++;
    }
    return " (the texts differ from character " + (i + 1) + ")";
  }
}

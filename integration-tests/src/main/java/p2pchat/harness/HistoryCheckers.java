package p2pchat.harness;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import p2pchat.agent.Message;

/**
 * The history checkers as judgements of one {@link History}, with what each counted: used by {@code
 * check.noLoss()}... during a run and by {@code p2pchat scenario --check FILE} on a saved history,
 * so both say the same. Stateless; thread-safe.
 */
final class HistoryCheckers {
  private static final int SHOWN = 10;

  private HistoryCheckers() {}

  /** One checker's judgement: its word, whether it passed, what it counted, why it failed. */
  record Outcome(String word, boolean ok, String counted, String failure) {
    /** Passed when {@code ok}; else failed, and {@code why} says how. */
    static Outcome judged(String word, boolean ok, String counted, Supplier<String> why) {
      return new Outcome(word, ok, counted, ok ? null : why.get());
    }

    String line() {
      return (ok ? "✓ " : "✗ ") + "check." + word + "() — " + counted;
    }
  }

  /** Every message owed to a peer of the scenario was stored by it. */
  static Outcome noLoss(History t, String waited) {
    List<History.Flow> missing = t.lost();
    int owed = t.owed().size();
    String counted = owed + " owed, " + missing.size() + " lost";
    return Outcome.judged(
        "noLoss",
        missing.isEmpty(),
        counted,
        () ->
            "no loss: "
                + missing.size()
                + " of "
                + owed
                + " messages durably queued never reached their receiver"
                + waited
                + ":\n"
                + lines(missing.stream().map(HistoryCheckers::explain).toList()));
  }

  /**
   * A checker that passes when it finds nothing wrong: {@code word}, what it looked at ({@code
   * looked}), what it calls one wrong ({@code wrongly}), and the failure's title and what it lists.
   */
  private record NothingWrong(
      String word, String looked, String wrongly, String title, String listed) {
    Outcome judge(long lookedAt, List<String> wrong) {
      return Outcome.judged(
          word,
          wrong.isEmpty(),
          lookedAt + " " + looked + ", " + wrong.size() + " " + wrongly,
          () -> title + ": " + wrong.size() + " " + listed + ":\n" + lines(wrong));
    }
  }

  private static final NothingWrong NO_DUPLICATES =
      new NothingWrong("noDuplicates", "stored", "duplicated", "no duplicates", "found");
  private static final NothingWrong IN_ORDER =
      new NothingWrong(
          "inOrder",
          "handled",
          "out of order",
          "in order",
          "messages handled out of their sender's order");
  private static final NothingWrong NOTHING_AFTER_REMOVAL =
      new NothingWrong(
          "nothingAfterRemoval",
          "room messages taken",
          "by a removed member",
          "nothing after removal",
          "room messages taken by a peer not in the room when they were sent");

  static Outcome noDuplicates(History t) {
    return NO_DUPLICATES.judge(stored(t), t.duplicates());
  }

  static Outcome inOrder(History t) {
    return IN_ORDER.judge(stored(t), t.reordered());
  }

  static Outcome nothingAfterRemoval(History t) {
    long room =
        t.histories().values().stream()
            .flatMap(List::stream)
            .filter(m -> m.direction() == Message.Direction.IN && m.room() != null)
            .filter(History::isChat)
            .count();
    return NOTHING_AFTER_REMOVAL.judge(room, t.takenWhileOut());
  }

  /** Exactly {@code expected} messages expired (none unless {@code expect.expired(n)}). */
  static Outcome expired(History t, int expected) {
    List<History.Flow> gone = t.flows().stream().filter(History.Flow::expired).toList();
    String word = expected == 0 ? "noneExpired" : "expired";
    String counted = gone.size() + " expired, " + expected + " expected";
    return Outcome.judged(
        word,
        gone.size() == expected,
        counted,
        () ->
            "expired: "
                + gone.size()
                + " messages expired, the scenario expects "
                + expected
                + (expected == 0
                    ? " (a TTL story says so: expect.expired(" + gone.size() + "))"
                    : "")
                + (gone.isEmpty()
                    ? ""
                    : ":\n"
                        + String.join(
                            "\n", gone.stream().limit(SHOWN).map(f -> "  " + f.brief()).toList())));
  }

  /** Every checker the end of a scenario runs, in order, on a history as it is. */
  static List<Outcome> all(History t, int expectedExpired) {
    return List.of(
        noLoss(t, ""),
        noDuplicates(t),
        inOrder(t),
        nothingAfterRemoval(t),
        expired(t, expectedExpired));
  }

  private static long stored(History t) {
    return t.histories().values().stream()
        .flatMap(List::stream)
        .filter(m -> m.direction() == Message.Direction.IN && History.isChat(m))
        .count();
  }

  private static String explain(History.Flow f) {
    return f.brief() + (f.inSenderStore() ? "" : " (gone from " + f.from() + "'s store too)");
  }

  static String lines(List<String> items) {
    String shown = items.stream().limit(SHOWN).map(s -> "  " + s).collect(Collectors.joining("\n"));
    return items.size() > SHOWN ? shown + "\n  ... " + (items.size() - SHOWN) + " more" : shown;
  }
}

package p2pchat.harness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The built-in checkers over the recorded history, reached as {@code check} in a scenario: {@code
 * check.noLoss().noDuplicates().inOrder()}, {@code check.latency().p99 <= 200.ms}. No loss waits a
 * grace period (default 10 s, {@code check.within(30.s).noLoss()}) for messages still on their way;
 * the others judge the history as it is. Each failure names the messages. Used from the scenario
 * thread only.
 */
public final class Checks {
  private static final Set<String> LATENCY_OPTIONS = Set.of("from", "to", "offline");

  /** The history checkers, in the order the end of a scenario runs those not written. */
  static final List<String> HISTORY_CHECKERS =
      List.of("noLoss", "noDuplicates", "inOrder", "nothingAfterRemoval");

  private final Scenario scenario;
  private final Span grace;
  private final boolean byDefault;

  Checks(Scenario scenario, Span grace) {
    this(scenario, grace, false);
  }

  private Checks(Scenario scenario, Span grace, boolean byDefault) {
    this.scenario = scenario;
    this.grace = grace;
    this.byDefault = byDefault;
  }

  /** The same checks with another grace period for messages still in flight. */
  public Checks within(Object duration) {
    return new Checks(scenario, Args.span(duration, "check.within"), byDefault);
  }

  /** The same checks, run by the end of a scenario rather than written in it. */
  Checks byDefault() {
    return new Checks(scenario, grace, true);
  }

  /** Runs one history checker by its word. */
  void run(String word) {
    switch (word) {
      case "noLoss" -> noLoss();
      case "noDuplicates" -> noDuplicates();
      case "inOrder" -> inOrder();
      case "nothingAfterRemoval" -> nothingAfterRemoval();
      default -> throw new IllegalArgumentException(word);
    }
  }

  /** A checker's step: its word, its judgement kept for the report, then the scenario knows. */
  private void step(String word, java.util.function.Supplier<HistoryCheckers.Outcome> check) {
    scenario.step(
        "check." + word + (byDefault ? "() by default" : ""),
        () -> {
          HistoryCheckers.Outcome o = check.get();
          scenario.checkers().counted(o);
          if (!o.ok()) {
            throw new CheckFailure(o.failure());
          }
          scenario.checked(word);
        });
  }

  /** Every message durably queued to a peer of the scenario was stored by that peer. */
  public Checks noLoss() {
    step(
        "noLoss",
        () -> {
          scenario.awaitSends(grace); // a send still on its way is not yet owed, nor lost
          java.util.concurrent.atomic.AtomicReference<History> last =
              new java.util.concurrent.atomic.AtomicReference<>();
          try {
            Conditions.polling(Duration.ofMillis(50), grace)
                .until(
                    () -> {
                      History t = scenario.history();
                      last.set(t);
                      return t.lost().isEmpty();
                    });
          } catch (ConditionTimeoutException e) {
            // judged below, on the last history read
          }
          return HistoryCheckers.noLoss(last.get(), " (waited " + grace + ")");
        });
    return this;
  }

  public Checks noDuplicates() {
    step("noDuplicates", () -> HistoryCheckers.noDuplicates(scenario.history()));
    return this;
  }

  public Checks inOrder() {
    step("inOrder", () -> HistoryCheckers.inOrder(scenario.history()));
    return this;
  }

  /**
   * No member removed from a room took a message sent under a membership without it (sent after its
   * author knew of the removal).
   */
  public Checks nothingAfterRemoval() {
    step("nothingAfterRemoval", () -> HistoryCheckers.nothingAfterRemoval(scenario.history()));
    return this;
  }

  /** Latency of every received message. */
  public LatencySummary latency() {
    return latency(Map.of());
  }

  /**
   * Latency filtered by {@code from:}, {@code to:}, {@code offline:} (false = only messages sent
   * while the receiver was online).
   */
  public LatencySummary latency(Map<String, ?> options) {
    Args.checkOptions("check.latency", options, LATENCY_OPTIONS);
    String from = options.get("from") == null ? null : scenario.nameOf(options.get("from"));
    String to = options.get("to") == null ? null : scenario.nameOf(options.get("to"));
    Object offline = options.get("offline");
    List<Long> values =
        scenario.history().flows().stream()
            .filter(
                f ->
                    f.received()
                        && (from == null || f.from().equals(from))
                        && (to == null || f.to().equals(to)))
            .filter(f -> offline == null || f.offline() == Boolean.TRUE.equals(offline))
            .map(History.Flow::latencyMillis)
            .toList();
    String scope =
        (from == null ? "all senders" : from) + " → " + (to == null ? "all receivers" : to);
    return LatencySummary.of(scope, values);
  }

  @Override
  public String toString() {
    return "check";
  }
}

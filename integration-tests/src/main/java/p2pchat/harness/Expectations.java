package p2pchat.harness;

/**
 * What a scenario expects of its history instead of the default, reached as {@code expect} in a
 * scenario: {@code expect.expired(3)} for a story in which three messages run out of their
 * time-to-live. Without it, the end of every scenario demands that no message expired; with it,
 * exactly that many did (and every other one arrived, as the default checkers demand). Used from
 * the scenario thread only.
 */
public final class Expectations {
  private final Scenario scenario;
  private int expired;

  Expectations(Scenario scenario) {
    this.scenario = scenario;
  }

  /** Exactly {@code n} messages expire in this story (their sender marks them expired). */
  public Expectations expired(int n) {
    if (n < 0) {
      throw new ScenarioError("expect.expired(" + n + ") cannot be negative", "expect.expired(3)");
    }
    expired = n;
    return this;
  }

  /** Checked at the end of the scenario, with the default checkers. */
  void verify() {
    scenario.step(
        expired == 0 ? "check.noneExpired() by default" : "expect.expired(" + expired + ")",
        () -> {
          HistoryCheckers.Outcome o = HistoryCheckers.expired(scenario.history(), expired);
          scenario.checkers().counted(o);
          if (!o.ok()) {
            throw new CheckFailure(o.failure());
          }
        });
  }

  /** How many messages the story expects to expire. */
  int expired() {
    return expired;
  }

  @Override
  public String toString() {
    return "expect" + (expired == 0 ? "" : ".expired(" + expired + ")");
  }
}

package p2pchat.harness;

import groovy.lang.Closure;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

/**
 * The condition words of a scenario: {@code eventually(2.s) {...}}, {@code always(1.s) {...}},
 * {@code expect {...}} and the value of a bare check statement. Each runs as one step of its
 * scenario; a failure says what the last try found. Used from the scenario thread only.
 */
final class Conditions {
  private static final Duration POLL = Duration.ofMillis(25);

  private final Scenario scenario;

  Conditions(Scenario scenario) {
    this.scenario = scenario;
  }

  /**
   * Polls on the calling thread, first at once, then every {@code interval}, for at most {@code
   * limit}.
   */
  static ConditionFactory polling(Duration interval, Span limit) {
    return Awaitility.await()
        .pollInSameThread()
        .pollDelay(Duration.ZERO)
        .pollInterval(interval)
        .atMost(limit.toDuration());
  }

  void eventually(Object within, Closure<?> condition) {
    Span limit = Args.span(within, "eventually");
    scenario.step(
        "eventually",
        () -> {
          try {
            polling(POLL, limit).untilAsserted(() -> holds(condition));
          } catch (ConditionTimeoutException e) {
            Throwable why = e.getCause() != null ? e.getCause() : e;
            throw new CheckFailure(
                "eventually(" + limit + ") did not hold; the last try said:\n" + why.getMessage(),
                why);
          }
        });
  }

  void always(Object during, Closure<?> condition) {
    Span limit = Args.span(during, "always");
    scenario.step(
        "always",
        () -> {
          AssertionError[] broken = new AssertionError[1];
          long start = System.nanoTime();
          try {
            polling(POLL, limit)
                .until(
                    () -> {
                      try {
                        holds(condition);
                        return false;
                      } catch (AssertionError e) {
                        broken[0] = e;
                        return true;
                      }
                    });
          } catch (ConditionTimeoutException held) {
            return;
          }
          Span after = new Span(System.nanoTime() - start);
          throw new CheckFailure(
              "always(" + limit + ") broke after " + after + ":\n" + broken[0].getMessage(),
              broken[0]);
        });
  }

  /** A condition checked once, as a step. */
  void expect(Closure<?> condition) {
    scenario.step(
        "expect",
        () -> {
          Object result = condition.call();
          if (result != null && !DefaultTypeTransformation.castToBoolean(result)) {
            throw new AssertionError("condition was " + result);
          }
        });
  }

  /** A statement's boolean or {@link Verdict} value, checked once, as a step. */
  void value(Object value) {
    scenario.step(
        "expect",
        () -> {
          if (!DefaultTypeTransformation.castToBoolean(value)) {
            throw new AssertionError("the statement's value was " + value);
          }
        });
  }

  private static void holds(Closure<?> condition) {
    Object result = condition.call();
    // closures are compiled with their last condition as a power assert; a value that reaches here
    // anyway (a closure made elsewhere) is judged by Groovy truth, as expect judges one
    if (result != null && !DefaultTypeTransformation.castToBoolean(result)) {
      throw new AssertionError("condition was " + result);
    }
  }
}

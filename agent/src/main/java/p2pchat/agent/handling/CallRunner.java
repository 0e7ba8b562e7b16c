package p2pchat.agent.handling;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.Behavior;
import p2pchat.agent.HandlerCall;
import p2pchat.agent.Job;
import p2pchat.agent.Message;
import p2pchat.agent.common.Changes;
import p2pchat.agent.store.Store;

/**
 * Makes one behavior call of a round: runs it on fresh {@link CallEffects}, or, if it throws, the
 * behavior's error hook (whose effects replace the call's), then applies its state and timer
 * changes locally, so later calls of the same round see them before the round commits. Holds the
 * behavior's state as of the last commit plus this round's calls. Not thread-safe: the dispatcher's
 * drains only.
 */
final class CallRunner {
  private static final Logger log = LoggerFactory.getLogger(CallRunner.class);

  /** What a call does with its effects. */
  interface Invocation {
    void invoke(CallEffects fx) throws Exception;
  }

  private final CallSetup calls;
  private final Store store;
  private final Behavior behavior;
  private final TimerSet timers;
  private final LongSupplier clock;
  private Map<String, String> state = new HashMap<>();

  CallRunner(CallSetup calls, TimerSet timers, LongSupplier clock) {
    this.calls = calls;
    this.store = calls.store();
    this.behavior = calls.behavior();
    this.timers = timers;
    this.clock = clock;
  }

  /** Forgets what was applied locally: the state and timers are the store's again. */
  void reload() {
    state = new HashMap<>(store.state());
    timers.reload(store.jobs());
  }

  Call run(Message message, Job firedJob, HandlerCall.Kind kind, Invocation invocation) {
    CallEffects fx = newEffects();
    long started = System.nanoTime();
    boolean failed = false;
    try {
      invocation.invoke(fx);
    } catch (Exception | LinkageError | AssertionError e) {
      failed = true;
      fx = newEffects();
      try {
        behavior.onError(e, message, fx);
      } catch (Exception | LinkageError | AssertionError again) {
        log.warn("error handler failed too: {}", again.toString());
        fx = newEffects();
      }
    }
    long ran = System.nanoTime() - started;
    applyLocally(fx);
    return new Call(message, firedJob, fx, new HandlerCall(kind, ran, failed));
  }

  private CallEffects newEffects() {
    return new CallEffects(calls, state, timers, clock.getAsLong());
  }

  /** Later calls of the same round must see earlier calls' state and timers. */
  private void applyLocally(CallEffects fx) {
    Changes.applyTo(state, fx.stateChanges());
    timers.apply(fx);
  }
}

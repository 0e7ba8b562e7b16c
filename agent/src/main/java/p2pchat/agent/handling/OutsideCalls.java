package p2pchat.agent.handling;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import p2pchat.agent.AgentException;
import p2pchat.agent.BehaviorCall;

/**
 * Calls from outside the behavior ({@link p2pchat.agent.Agent#callBehavior}), waiting for a round:
 * each is run as one call of the next round and answered once that round has committed, with what
 * it returned or threw. Thread-safe: {@link #add} and {@link #failAll} from any thread, {@link
 * #poll} in the dispatcher's drains.
 */
final class OutsideCalls {
  private final String name;
  private final ConcurrentLinkedQueue<Request<?>> waiting = new ConcurrentLinkedQueue<>();

  OutsideCalls(String name) {
    this.name = name;
  }

  <T> CompletableFuture<T> add(BehaviorCall<T> call) {
    Request<T> r = new Request<>(call);
    waiting.add(r);
    return r.answer;
  }

  /** The next call waiting, or null. */
  Request<?> poll() {
    return waiting.poll();
  }

  /** The agent is stopping: every call waiting fails. */
  void failAll() {
    Request<?> r;
    while ((r = waiting.poll()) != null) {
      r.answer.completeExceptionally(new AgentException("agent " + name + " is stopping"));
    }
  }

  /** A call from outside and where its outcome goes once its round has committed. */
  static final class Request<T> {
    private final BehaviorCall<T> call;
    private final CompletableFuture<T> answer = new CompletableFuture<>();
    private T value;
    private Throwable failure;

    private Request(BehaviorCall<T> call) {
      this.call = call;
    }

    /** Makes the call on {@code fx}, keeping its outcome for {@link #settle}. */
    void invoke(CallEffects fx) throws Exception {
      try {
        value = call.call(fx);
      } catch (Exception | LinkageError | AssertionError e) {
        failure = e;
        throw e;
      }
    }

    void settle(boolean committed) {
      if (!committed) {
        answer.completeExceptionally(
            new AgentException(
                "the round was not committed (the store failed); nothing was saved"));
      } else if (failure != null) {
        answer.completeExceptionally(failure);
      } else {
        answer.complete(value);
      }
    }
  }
}

package p2pchat.agent.presence;

import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Runs callbacks with the agent's name in the SLF4J MDC key {@code agent}: presence callbacks
 * run on shared HTTP client and scheduler threads that serve many agents. Immutable and thread-safe.
 */
final class AgentMdc {
  static final String KEY = "agent";

  private final String agent;

  AgentMdc(String agent) {
    this.agent = agent;
  }

  void run(Runnable task) {
    call(() -> {
      task.run();
      return null;
    });
  }

  <T> T call(Supplier<T> task) {
    String previous = MDC.get(KEY);
    MDC.put(KEY, agent);
    try {
      return task.get();
    } finally {
      if (previous == null) {
        MDC.remove(KEY);
      } else {
        MDC.put(KEY, previous);
      }
    }
  }

  Runnable wrap(Runnable task) {
    return () -> run(task);
  }
}

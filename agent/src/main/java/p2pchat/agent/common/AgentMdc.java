package p2pchat.agent.common;

import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Runs code with the agent's name in the SLF4J MDC key {@code agent}, restoring what was there:
 * event loops, HTTP client and scheduler threads serve every agent of a JVM, so the name goes in
 * just around each callback or log call. Immutable and thread-safe.
 */
public final class AgentMdc {
  public static final String KEY = "agent";

  private final String agent;

  public AgentMdc(String agent) {
    this.agent = agent;
  }

  public void run(Runnable task) {
    call(
        () -> {
          task.run();
          return null;
        });
  }

  public <T> T call(Supplier<T> task) {
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

  public Runnable wrap(Runnable task) {
    return () -> run(task);
  }
}

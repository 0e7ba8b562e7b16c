package p2pchat.agent.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logs with the agent's name in MDC key {@code agent}. Event loops are shared by every agent
 * of the JVM, so the name is put just around each log call and the previous value restored.
 * Thread-safe.
 */
final class AgentLog {
  private static final Logger LOG = LoggerFactory.getLogger("p2pchat.agent.transport");
  private final String agent;

  AgentLog(String agent) {
    this.agent = agent;
  }

  boolean debugEnabled() {
    return LOG.isDebugEnabled();
  }

  void debug(String format, Object... args) {
    if (LOG.isDebugEnabled()) {
      String previous = MDC.get("agent");
      MDC.put("agent", agent);
      try {
        LOG.debug(format, args);
      } finally {
        restore(previous);
      }
    }
  }

  void info(String format, Object... args) {
    if (LOG.isInfoEnabled()) {
      String previous = MDC.get("agent");
      MDC.put("agent", agent);
      try {
        LOG.info(format, args);
      } finally {
        restore(previous);
      }
    }
  }

  void warn(String format, Object... args) {
    if (LOG.isWarnEnabled()) {
      String previous = MDC.get("agent");
      MDC.put("agent", agent);
      try {
        LOG.warn(format, args);
      } finally {
        restore(previous);
      }
    }
  }

  void error(String format, Object... args) {
    String previous = MDC.get("agent");
    MDC.put("agent", agent);
    try {
      LOG.error(format, args);
    } finally {
      restore(previous);
    }
  }

  private static void restore(String previous) {
    if (previous == null) {
      MDC.remove("agent");
    } else {
      MDC.put("agent", previous);
    }
  }
}

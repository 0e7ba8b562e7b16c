package p2pchat.agent.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.common.AgentMdc;

/**
 * Logs with the agent's name in MDC key {@code agent}. Event loops are shared by every agent of the
 * JVM, so the name is put just around each log call and the previous value restored. Thread-safe.
 */
final class AgentLog {
  private static final Logger LOG = LoggerFactory.getLogger("p2pchat.agent.transport");
  private final AgentMdc mdc;

  AgentLog(String agent) {
    this.mdc = new AgentMdc(agent);
  }

  boolean debugEnabled() {
    return LOG.isDebugEnabled();
  }

  void debug(String format, Object... args) {
    if (LOG.isDebugEnabled()) {
      mdc.run(() -> LOG.debug(format, args));
    }
  }

  void info(String format, Object... args) {
    if (LOG.isInfoEnabled()) {
      mdc.run(() -> LOG.info(format, args));
    }
  }

  void warn(String format, Object... args) {
    if (LOG.isWarnEnabled()) {
      mdc.run(() -> LOG.warn(format, args));
    }
  }

  void error(String format, Object... args) {
    mdc.run(() -> LOG.error(format, args));
  }
}

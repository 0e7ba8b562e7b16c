package p2pchat.harness;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.text.SimpleDateFormat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;

/**
 * Keeps the last log lines of each in-process peer (by the {@code agent} MDC key, or the {@code
 * agent-NAME-...} thread name) so a failed scenario can show them. Attached to the root logger for
 * the duration of one scenario. Thread-safe.
 */
final class PeerLogs extends AppenderBase<ILoggingEvent> {
  private static final int KEEP = 200;
  private final Map<String, ArrayDeque<String>> tails = new ConcurrentHashMap<>();

  PeerLogs() {
    setName("p2pchat-scenario-peers");
  }

  /** Starts capturing (again: the registry's logging setup may have reset the appenders). */
  void attach() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
      setContext(ctx);
      Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      if (root.getAppender(getName()) == null) {
        start();
        root.addAppender(this);
      }
    }
  }

  void detach() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
      ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this);
    }
    stop();
  }

  @Override
  protected void append(ILoggingEvent e) {
    String agent = e.getMDCPropertyMap().get("agent");
    if (agent == null) {
      agent = fromThread(e.getThreadName());
    }
    if (agent == null) {
      return;
    }
    String line =
        new SimpleDateFormat("HH:mm:ss.SSS").format(new Date(e.getTimeStamp()))
            + " "
            + e.getLevel()
            + " "
            + e.getLoggerName().substring(e.getLoggerName().lastIndexOf('.') + 1)
            + " - "
            + e.getFormattedMessage()
            + (e.getThrowableProxy() == null
                ? ""
                : " ("
                    + e.getThrowableProxy().getClassName()
                    + ": "
                    + e.getThrowableProxy().getMessage()
                    + ")");
    ArrayDeque<String> tail = tails.computeIfAbsent(agent, k -> new ArrayDeque<>());
    synchronized (tail) {
      tail.addLast(line);
      if (tail.size() > KEEP) {
        tail.removeFirst();
      }
    }
  }

  private static String fromThread(String thread) {
    if (thread != null && thread.startsWith("agent-")) {
      int end = thread.lastIndexOf('-');
      return end > 6 ? thread.substring(6, end) : null;
    }
    return null;
  }

  List<String> tail(String agent, int lines) {
    ArrayDeque<String> tail = tails.get(agent);
    if (tail == null) {
      return List.of();
    }
    synchronized (tail) {
      List<String> all = new ArrayList<>(tail);
      return all.subList(Math.max(0, all.size() - lines), all.size());
    }
  }
}

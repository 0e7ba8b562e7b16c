package p2pchat.agent.transport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Test fixture: collects what the transport logs, to check that refusals are logged. Thread-safe
 * enough for tests.
 */
final class LogCapture implements AutoCloseable {
  private final Logger logger = (Logger) LoggerFactory.getLogger("p2pchat.agent.transport");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture() {
    appender.start();
    logger.addAppender(appender);
  }

  /** WARN lines (formatted), each with the agent's name from MDC in front. */
  List<String> warnings() {
    return lines("WARN");
  }

  List<String> errors() {
    return lines("ERROR");
  }

  private List<String> lines(String level) {
    synchronized (appender) {
      return appender.list.stream()
          .filter(e -> e.getLevel().toString().equals(level))
          .map(e -> e.getMDCPropertyMap().get("agent") + ": " + e.getFormattedMessage())
          .toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}

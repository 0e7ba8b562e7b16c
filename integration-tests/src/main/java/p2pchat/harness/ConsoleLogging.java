package p2pchat.harness;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * For the scenario commands only: keeps the agents' log lines off the terminal (except errors) so
 * the progress stays readable; the lines are still captured per peer and shown on failure.
 */
final class ConsoleLogging {
  private ConsoleLogging() {}

  static void quiet() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      Appender<ILoggingEvent> a = it.next();
      a.addFilter(
          new Filter<>() {
            @Override
            public FilterReply decide(ILoggingEvent e) {
              return e.getLevel().isGreaterOrEqual(Level.ERROR)
                  ? FilterReply.NEUTRAL
                  : FilterReply.DENY;
            }
          });
    }
  }

  /** Nothing more on the terminal from any logger or stray trace: the run is being interrupted. */
  static void silence() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
      ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
    }
    System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
  }
}

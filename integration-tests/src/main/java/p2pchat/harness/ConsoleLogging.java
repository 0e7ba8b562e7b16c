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
  /**
   * Jersey reports through java.util.logging, at SEVERE with a trace, every long-poll answer whose
   * client went away (a registry partition resets them on purpose). Held here: JUL keeps loggers
   * weakly, and a collected one forgets its level.
   */
  private static final java.util.logging.Logger JERSEY_RESPONDER =
      java.util.logging.Logger.getLogger("org.glassfish.jersey.server.ServerRuntime$Responder");

  private ConsoleLogging() {}

  static void quiet() {
    JERSEY_RESPONDER.setLevel(java.util.logging.Level.OFF);
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

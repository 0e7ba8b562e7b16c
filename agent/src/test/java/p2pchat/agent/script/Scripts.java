package p2pchat.agent.script;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Test helpers: write a script file, load it, capture what a script's logger printed. Not
 * thread-safe.
 */
final class Scripts {

  private Scripts() {}

  static Path write(Path dir, String name, String source) {
    try {
      return Files.writeString(dir.resolve(name), source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ScriptHost load(Path dir, String name, String source) {
    return ScriptHost.load(write(dir, name, source), "Bot", null);
  }

  /**
   * What the logger named {@code name} logs while {@code steps} run, as {@link #lines}; the capture
   * is detached after, whatever the steps did.
   */
  static List<String> logged(String name, Runnable steps) {
    ListAppender<ILoggingEvent> log = capture(name);
    try {
      steps.run();
      return lines(log);
    } finally {
      log.stop();
    }
  }

  /** Starts capturing the log lines of the logger named {@code name}. */
  private static ListAppender<ILoggingEvent> capture(String name) {
    Logger logger = (Logger) LoggerFactory.getLogger(name);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    return appender;
  }

  /** What was logged at INFO and above, as "LEVEL message". */
  private static List<String> lines(ListAppender<ILoggingEvent> appender) {
    return appender.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .map(e -> e.getLevel() + " " + e.getFormattedMessage())
        .toList();
  }
}

package p2pchat.agent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels for interactive commands: the chat screen shows only warnings and errors. */
final class Logs {
  private Logs() {}

  static void quiet() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    ((Logger) LoggerFactory.getLogger("p2pchat")).setLevel(Level.WARN);
  }
}

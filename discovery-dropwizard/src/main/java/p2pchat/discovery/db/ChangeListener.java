package p2pchat.discovery.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on PostgreSQL's {@code registry_changes} channel (notified by a trigger whenever the
 * registry version moves, see {@code postgresql/V2__change_notify.sql}) and runs {@code wake} for
 * each commit, whichever instance made it. Only a wake-up: the log in the database stays the truth,
 * and the change feed's poll covers a lost connection. One thread, {@code registry-listen},
 * reconnecting after a second when the connection drops. Thread-safe.
 */
final class ChangeListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);

  private final String url;
  private final Properties properties;
  private final Runnable wake;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Connection connection;

  ChangeListener(String url, Properties properties, Runnable wake) {
    this.url = url;
    this.properties = properties;
    this.wake = wake;
    this.thread = new Thread(this::loop, "registry-listen");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void loop() {
    while (running) {
      try (Connection c = DriverManager.getConnection(url, properties)) {
        connection = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN registry_changes");
        }
        wake.run(); // whatever happened while not listening
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notes = pg.getNotifications(500);
          if (notes != null && notes.length > 0) {
            wake.run();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.warn(
              "lost the change notifications of {} ({}); polling until they are back",
              OpenDatabase.withoutPassword(url),
              e.toString());
          pause();
        }
      } finally {
        connection = null;
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      running = false;
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing to stop listening
      }
    }
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

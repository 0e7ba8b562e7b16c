package p2pchat.reliability;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Another process that takes an SQLite database's write lock ({@code BEGIN IMMEDIATE}) and holds it
 * until its standard input closes, then rolls back. Prints {@code holding} once it has the lock.
 * Run by {@link StorageTroubleTest} as {@code java -cp ... p2pchat.reliability.HoldWriteLock DB}.
 */
public final class HoldWriteLock {
  private HoldWriteLock() {}

  public static void main(String[] args) throws SQLException, IOException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(30_000);
    try (Connection c = config.createConnection("jdbc:sqlite:" + args[0]);
        Statement st = c.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      System.out.println("holding");
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the test closes our standard input
      }
      st.execute("ROLLBACK");
    }
  }
}

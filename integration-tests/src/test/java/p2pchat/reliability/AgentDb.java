package p2pchat.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Read-only SQL over an agent's (or the registry's) SQLite file while its process runs or after it
 * was killed: cheap progress counters for polling, and the integrity check. A fresh connection per
 * call, so it never holds a lock between polls. Stateless and thread-safe.
 */
final class AgentDb {
  private final Path file;

  AgentDb(Path file) {
    this.file = file;
  }

  static AgentDb of(Path dataDir) {
    return new AgentDb(dataDir.resolve("agent.db"));
  }

  Path file() {
    return file;
  }

  /** The highest seq stored in one direction with one peer; 0 before the database exists. */
  long maxSeq(String direction, String peer) {
    return number(
        "SELECT coalesce(max(seq), 0) FROM messages WHERE direction = '"
            + direction
            + "' AND peer = '"
            + peer
            + "'");
  }

  /**
   * Outgoing messages not yet acknowledged, to any peer. The store keeps "sent" and "delivered" as
   * per-receiver watermarks (the outbox table), so this asks the store, not the status column.
   */
  long undelivered(String self) {
    if (!java.nio.file.Files.exists(file)) {
      return 0;
    }
    try (p2pchat.agent.store.Store store =
        p2pchat.agent.store.Store.openReadOnly(file.getParent(), self)) {
      return store.peersWithPendingOut().stream()
          .mapToLong(peer -> store.pendingOut(peer, 0, Integer.MAX_VALUE).size())
          .sum();
    }
  }

  /** Rows in a status, in either direction. */
  long count(String status) {
    return number("SELECT count(*) FROM messages WHERE status = '" + status + "'");
  }

  /** {@code PRAGMA integrity_check}: ["ok"] for a sound database. */
  List<String> integrityCheck() {
    return query("PRAGMA integrity_check", rs -> rs.getString(1));
  }

  /** The texts received from {@code peer}, in storage order, handed to {@code each} one by one. */
  void forEachReceivedText(String peer, java.util.function.Consumer<String> each) {
    query(
        "SELECT text FROM messages WHERE direction = 'in' AND peer = '" + peer + "' ORDER BY rowid",
        rs -> {
          each.accept(rs.getString(1));
          return null;
        });
  }

  private long number(String sql) {
    if (!Files.exists(file)) {
      return 0;
    }
    List<Long> rows = query(sql, rs -> rs.getLong(1));
    return rows.isEmpty() ? 0 : rows.get(0);
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, Row<T> row) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        T value = row.read(rs);
        if (value != null) {
          out.add(value);
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("reading " + file + ": " + e.getMessage(), e);
    }
  }
}

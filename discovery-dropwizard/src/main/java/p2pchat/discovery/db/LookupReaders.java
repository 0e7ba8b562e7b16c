package p2pchat.discovery.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Read-only connections of their own for the registry's hottest query, one peer by name (every
 * lookup and every signature check), each with the statement prepared once. Through the shared pool
 * and JDBI the checkout (with its validation query) and the statement set-up cost several times
 * SQLite's own work; here a lookup is a queue poll, a bind and a step. Connections are opened as
 * concurrent lookups need them, and at most {@code max} are kept. Thread-safe.
 */
final class LookupReaders implements AutoCloseable {
  /** The one query for a peer by name, here and on the pool's connection for {@code :memory:}. */
  static final String FIND_PEER = "SELECT " + PeerDao.COLUMNS + " FROM peers WHERE name = ?";

  static final PeerRowMapper ROWS = new PeerRowMapper();

  private final String url;
  private final SQLiteConfig config;
  private final BlockingQueue<Reader> idle;
  private volatile boolean closed;

  LookupReaders(String url, int max) {
    this.url = url;
    this.config = new SQLiteConfig();
    config.setOpenMode(SQLiteOpenMode.READONLY);
    config.setReadOnly(true);
    config.setBusyTimeout(5000);
    this.idle = new ArrayBlockingQueue<>(max);
  }

  Optional<PeerRow> findPeer(String name) {
    if (closed) {
      throw new IllegalStateException("the registry database is closed");
    }
    Reader reader = idle.poll();
    boolean healthy = false;
    try {
      if (reader == null) {
        reader = new Reader(config.createConnection(url));
      }
      Optional<PeerRow> row = reader.find(name);
      healthy = true;
      return row;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read peer " + name + ": " + e.getMessage(), e);
    } finally {
      if (reader != null && !(healthy && !closed && idle.offer(reader))) {
        reader.close();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Reader r; (r = idle.poll()) != null; ) {
      r.close();
    }
  }

  private static final class Reader {
    final Connection connection;
    final PreparedStatement find;

    Reader(Connection connection) throws SQLException {
      this.connection = connection;
      try {
        this.find = connection.prepareStatement(FIND_PEER);
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
    }

    Optional<PeerRow> find(String name) throws SQLException {
      find.setString(1, name);
      try (ResultSet rs = find.executeQuery()) {
        return rs.next() ? Optional.of(ROWS.map(rs, null)) : Optional.empty();
      }
    }

    void close() {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // a read-only connection: nothing to lose
      }
    }
  }
}

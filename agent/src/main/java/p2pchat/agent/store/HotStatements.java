package p2pchat.agent.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The three statements every message passes through on the writer — store an outgoing row, store an
 * incoming row unless it is there already, mark a received row handled — as plain prepared batches
 * on the writer's connection, prepared once and bound by position. Through JDBI's
 * {@code @BindMethods} the binding (reflection, argument lookup per column) cost more CPU than
 * SQLite's insert itself; everything else stays on the DAOs. Part of the writer's transaction like
 * any DAO call on the same handle. Not thread-safe: writer thread only.
 */
final class HotStatements {
  private static final String COLUMNS =
      "messages (id, peer, direction, seq, text, data, status, sent_at, received_at, offline,"
          + " expires_at, room, author, header) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final Handle handle;
  private PreparedStatement insert;
  private PreparedStatement insertIgnoring;
  private PreparedStatement markHandled;

  private final OutboxTail tail;

  HotStatements(Handle handle, OutboxTail tail) {
    this.handle = handle;
    this.tail = tail;
  }

  void insertAll(List<MessageDao.Row> rows) {
    try {
      if (insert == null) {
        insert = connection().prepareStatement("INSERT INTO " + COLUMNS);
      }
      for (MessageDao.Row r : rows) {
        if (r.expiresAt() != null) {
          tail.mayExpire(); // before the insert: a sweep too early finds nothing, never too late
          break;
        }
      }
      execute(insert, rows);
    } catch (SQLException e) {
      throw new StoreException(
          "cannot store " + rows.size() + " outgoing messages: " + e.getMessage(), e);
    }
  }

  /**
   * One count per row: 1 if stored, 0 if a row with that id (or pair and seq) was already there.
   */
  int[] insertAllIgnoringDuplicates(List<MessageDao.Row> rows) {
    try {
      if (insertIgnoring == null) {
        insertIgnoring = connection().prepareStatement("INSERT OR IGNORE INTO " + COLUMNS);
      }
      return execute(insertIgnoring, rows);
    } catch (SQLException e) {
      throw new StoreException(
          "cannot store " + rows.size() + " incoming messages: " + e.getMessage(), e);
    }
  }

  void markHandledAll(List<String> ids) {
    boolean ok = false;
    try {
      if (markHandled == null) {
        markHandled =
            connection()
                .prepareStatement(
                    "UPDATE messages SET status = 'handled' WHERE id = ? AND status = 'received'");
      }
      for (int i = 0; i < ids.size(); i++) {
        markHandled.setString(1, ids.get(i));
        markHandled.addBatch();
        if (i % CHUNK == CHUNK - 1 || i == ids.size() - 1) {
          markHandled.executeBatch(); // which clears the batch, as in execute
        }
      }
      ok = true;
    } catch (SQLException e) {
      throw new StoreException(
          "cannot mark " + ids.size() + " messages handled: " + e.getMessage(), e);
    } finally {
      if (!ok) {
        clear(markHandled);
      }
    }
  }

  /**
   * Rows bound and executed at once, at most. The driver keeps a statement's batch in an array that
   * only grows, and clears all of it after each batch (twice, with ours): one group of 8,192 rows
   * made every later batch of that statement, of one row or a hundred, pay for clearing 115,000
   * slots, a third of the writer's CPU in a fan-out of small batches.
   */
  static final int CHUNK = 256;

  private static int[] execute(PreparedStatement ps, List<MessageDao.Row> rows)
      throws SQLException {
    if (rows.size() <= CHUNK) {
      return executeChunk(ps, rows);
    }
    int[] counts = new int[rows.size()];
    for (int from = 0; from < rows.size(); from += CHUNK) {
      int[] part = executeChunk(ps, rows.subList(from, Math.min(rows.size(), from + CHUNK)));
      System.arraycopy(part, 0, counts, from, part.length);
    }
    return counts;
  }

  private static int[] executeChunk(PreparedStatement ps, List<MessageDao.Row> rows)
      throws SQLException {
    boolean ok = false;
    try {
      for (MessageDao.Row r : rows) {
        ps.setString(1, r.id());
        ps.setString(2, r.peer());
        ps.setString(3, r.direction());
        ps.setLong(4, r.seq());
        ps.setString(5, r.text());
        setNullable(ps, 6, r.data());
        ps.setString(7, r.status());
        ps.setLong(8, r.sentAt());
        setNullable(ps, 9, r.receivedAt());
        ps.setInt(10, r.offline() ? 1 : 0);
        setNullable(ps, 11, r.expiresAt());
        setNullable(ps, 12, r.room());
        setNullable(ps, 13, r.author());
        ps.setBytes(14, r.header());
        ps.addBatch();
      }
      int[] counts = ps.executeBatch(); // which clears the batch, whatever happens in it
      ok = true;
      return counts;
    } finally {
      if (!ok) {
        clear(ps);
      }
    }
  }

  private static void setNullable(PreparedStatement ps, int index, String value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  private static void setNullable(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setLong(index, value);
    }
  }

  /** After a failed batch the statement must not keep the rows bound for the next one. */
  private static void clear(PreparedStatement ps) {
    if (ps == null) {
      return;
    }
    try {
      ps.clearBatch();
    } catch (SQLException ignored) {
      // the statement is finalized with its connection anyway
    }
  }

  /** Closes the prepared statements, before the connection is parked; they are made again. */
  void forget() {
    for (PreparedStatement ps : new PreparedStatement[] {insert, insertIgnoring, markHandled}) {
      if (ps != null) {
        try {
          ps.close();
        } catch (SQLException ignored) {
          // closed with its connection anyway
        }
      }
    }
    insert = null;
    insertIgnoring = null;
    markHandled = null;
  }

  private Connection connection() {
    return handle.getConnection();
  }
}

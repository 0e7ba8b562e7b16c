package p2pchat.agent.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The writer's connection as JDBI sees it: one {@link Connection} for the store's life, whose
 * SQLite connection (and so its three files: the database, {@code -wal}, {@code -shm}) is closed
 * while the store is idle ({@link #park}) and opened again, with the same settings, by the next
 * call that needs it. So an idle agent holds no database file open, which matters with thousands of
 * agents in one process. Statements prepared before a park are gone with it ({@link
 * HotStatements#forget}). Not thread-safe: the writer's drains only, one at a time.
 */
final class ParkedConnection implements InvocationHandler {
  /** Opens the SQLite connection, as the first one was opened. */
  interface Opener {
    Connection open() throws SQLException;
  }

  /** What the writer asks of its connection besides JDBC. */
  interface Parkable {
    /** Closes the SQLite connection if it is open and outside a transaction. */
    void park() throws SQLException;

    boolean parked();
  }

  private final Opener opener;
  private Connection open; // null while parked
  private boolean closed;

  private ParkedConnection(Opener opener, Connection first) {
    this.opener = opener;
    this.open = first;
  }

  /** {@code first}, already open, behind a connection that can be parked. */
  static Connection of(Opener opener, Connection first) {
    return (Connection)
        Proxy.newProxyInstance(
            ParkedConnection.class.getClassLoader(),
            new Class<?>[] {Connection.class, Parkable.class},
            new ParkedConnection(opener, first));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "park":
        if (open != null && open.getAutoCommit()) {
          Connection c = open;
          open = null;
          c.close();
        }
        return null;
      case "parked":
        return open == null;
      case "close":
        closed = true;
        if (open != null) {
          Connection c = open;
          open = null;
          c.close();
        }
        return null;
      case "isClosed":
        return closed;
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "ParkedConnection[" + (closed ? "closed" : open == null ? "parked" : open) + "]";
      default:
        break;
    }
    try {
      return method.invoke(current(), args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private Connection current() throws SQLException {
    if (closed) {
      throw new SQLException("connection closed");
    }
    if (open == null) {
      open = opener.open();
    }
    return open;
  }
}

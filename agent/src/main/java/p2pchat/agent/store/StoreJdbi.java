package p2pchat.agent.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * One {@link Jdbi} for every agent database of a process: JDBI keeps its parsed SQL and the
 * metadata of each SqlObject DAO per {@code Jdbi}, and building those again for each of a thousand
 * agents was most of an agent's start. Each store opens its own connections and gets handles on
 * them through {@link #open}. Create one per {@code AgentRuntime}; thread-safe.
 */
public final class StoreJdbi {
  private final ThreadLocal<Connection> handOut = new ThreadLocal<>();
  private final Jdbi jdbi;

  public StoreJdbi() {
    this.jdbi = Jdbi.create(this::takeHandedOut).installPlugin(new SqlObjectPlugin());
  }

  /** A handle on {@code connection}; closing the handle closes the connection. */
  Handle open(Connection connection) {
    handOut.set(connection);
    try {
      return jdbi.open();
    } finally {
      handOut.remove();
    }
  }

  private Connection takeHandedOut() throws SQLException {
    Connection c = handOut.get();
    if (c == null) {
      throw new SQLException(
          "StoreJdbi opens handles only on connections handed to open(connection)");
    }
    handOut.remove();
    return c;
  }
}

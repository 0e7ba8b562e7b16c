package p2pchat.agent.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import org.jdbi.v3.core.Handle;

/**
 * The running unit's savepoint in its group's transaction: opened on the unit's first statement
 * that cannot wait, released when the unit ends, rolled back when it fails, so a failing unit is
 * undone alone. Savepoints go straight to the connection (JDBI's bookkeeping forgets a savepoint
 * once rolled back to, though SQLite keeps it until released); a failure here leaves the group
 * unusable ({@link GroupTx.GroupFailure}). Not thread-safe: writer thread only.
 */
final class UnitSavepoint {
  private static final String NAME = "unit";

  private final Handle handle;
  private boolean open;
  private Savepoint savepoint;

  UnitSavepoint(Handle handle) {
    this.handle = handle;
  }

  /** A new unit (or a failed group): no savepoint of it is open. */
  void reset() {
    open = false;
  }

  /** Before a statement of the unit's own: opens the savepoint, once per unit. */
  void open() {
    if (!open) {
      step(c -> savepoint = c.setSavepoint(NAME));
      open = true;
    }
  }

  /** The unit ended: what it wrote stays in the group. */
  void release() {
    if (open) {
      step(c -> c.releaseSavepoint(savepoint));
    }
  }

  /** The unit failed: what it wrote is undone, the group goes on. */
  void rollBack() {
    if (open) {
      step(
          c -> {
            c.rollback(savepoint);
            c.releaseSavepoint(savepoint);
          });
    }
  }

  private void step(SqlStep step) {
    try {
      step.run(handle.getConnection());
    } catch (SQLException | RuntimeException e) {
      throw new GroupTx.GroupFailure(e);
    }
  }

  private interface SqlStep {
    void run(Connection c) throws SQLException;
  }
}

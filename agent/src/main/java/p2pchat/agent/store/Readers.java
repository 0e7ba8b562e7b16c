package p2pchat.agent.store;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Read-only handles on one agent database, each with its DAOs attached once, lent to one thread at
 * a time. Reusing them skips JDBI's per-call handle and extension setup, which otherwise costs more
 * than the query. At most {@code idleMax} stay open between reads (each open connection costs a few
 * hundred KB, times a thousand agents in one JVM). Thread-safe.
 */
final class Readers implements AutoCloseable {
  private final Supplier<Handle> opener;
  private final BlockingQueue<Reader> idle;
  private final BooleanSupplier empty;
  private volatile boolean closed;

  /**
   * {@code empty} says the database still has no rows (it was created by this open and nothing has
   * been written since): {@link #readOr} then answers without opening a connection.
   */
  Readers(Supplier<Handle> opener, int idleMax, BooleanSupplier empty) {
    this.opener = opener;
    this.idle = new ArrayBlockingQueue<>(Math.max(1, idleMax));
    this.empty = empty;
  }

  /**
   * {@code ifEmpty} while the database has no rows, else {@link #read}: the reads every agent makes
   * as it starts (what it owes, whom it remembers) cost a new agent no connection.
   */
  <R> R readOr(R ifEmpty, Function<Reader, R> query) {
    return empty.getAsBoolean() ? ifEmpty : read(query);
  }

  <R> R read(Function<Reader, R> query) {
    if (closed) {
      throw new IllegalStateException("readers closed");
    }
    Reader reader = idle.poll();
    if (reader == null) {
      reader = new Reader(opener.get());
    }
    boolean ok = false;
    try {
      R result = query.apply(reader);
      ok = true;
      return result;
    } finally {
      reader.returnedAt = System.nanoTime();
      if (!ok || closed || !idle.offer(reader)) {
        reader.close(); // after a failure the connection's state is unknown: do not reuse it
      } else if (closed && idle.remove(reader)) {
        reader.close();
      }
    }
  }

  /** Closes the readers kept idle for longer than {@code idleNanos}; the next read opens one. */
  void closeIdle(long idleNanos) {
    long now = System.nanoTime();
    for (Reader r : idle) {
      if (now - r.returnedAt > idleNanos && idle.remove(r)) {
        r.close();
      }
    }
  }

  /** How many readers are open and idle (for tests). */
  int idleCount() {
    return idle.size();
  }

  @Override
  public void close() {
    closed = true;
    for (Reader r; (r = idle.poll()) != null; ) {
      r.close();
    }
  }

  /** One read-only handle and its DAOs. Not thread-safe: used by one borrower at a time. */
  static final class Reader extends HandleDaos {
    volatile long returnedAt; // System.nanoTime when last returned to the idle ones

    Reader(Handle handle) {
      super(handle);
    }

    void close() {
      handle.close();
    }
  }
}

package p2pchat.agent.common;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Closes what was opened, in reverse order, unless told to keep it: for a constructor that opens
 * several resources one after another and must not leak the first ones when a later one fails.
 *
 * <pre>{@code
 * try (Unwind opened = new Unwind()) {
 *   store = opened.add(Store.open(...), Store::close);
 *   ...
 *   opened.keep(); // all went well: the object owns them now
 * }
 * }</pre>
 *
 * A failure while closing one is added to the original failure's suppressed ones, and the rest are
 * still closed. Not thread-safe: one per constructor call.
 */
public final class Unwind implements AutoCloseable {
  private final Deque<Runnable> closers = new ArrayDeque<>();
  private boolean kept;

  /** Registers {@code resource} to be closed by {@code close} on failure; returns it. */
  public <T> T add(T resource, Consumer<? super T> close) {
    if (resource != null) {
      closers.push(() -> close.accept(resource));
    }
    return resource;
  }

  /** Everything opened is kept: {@link #close} does nothing. */
  public void keep() {
    kept = true;
  }

  @Override
  public void close() {
    if (kept) {
      return;
    }
    RuntimeException first = null;
    while (!closers.isEmpty()) {
      try {
        closers.pop().run();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}

package p2pchat.agent.transport;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * At most so many outbound handshakes at once for all the transports that share it (the agents of
 * one runtime); the others wait their turn, first come first served. A handshake costs each side
 * about a millisecond of an event loop's CPU (four X25519 operations and an Ed25519 check), so two
 * thousand agents dialling together queued seconds of work on two event loops: handshakes outlasted
 * their 5 s timeout, were dialled again, and the retries made the queue longer. A waiting dial's
 * timeout starts only when it connects. Thread-safe.
 */
public final class DialGate {
  private final int limit;
  private int inUse; // guarded by this
  private final Queue<Consumer<Ticket>> waiting = new ArrayDeque<>(); // guarded by this

  /** At most {@code limit} handshakes at once. */
  public DialGate(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    this.limit = limit;
  }

  /** As many handshakes at once as come: a transport alone needs no gate. */
  static DialGate unbounded() {
    return new DialGate(Integer.MAX_VALUE);
  }

  /**
   * Runs {@code dial} now, or once a handshake ends, with a ticket it must {@link Ticket#release}
   * when its handshake is over (accepted, refused, failed or no longer wanted). It may run on the
   * thread that released another ticket: hand the work to the right thread.
   */
  void enter(Consumer<Ticket> dial) {
    synchronized (this) {
      if (inUse >= limit) {
        waiting.add(dial);
        return;
      }
      inUse++;
    }
    dial.accept(new Ticket());
  }

  /** Handshakes in progress now (for tests). */
  synchronized int inUse() {
    return inUse;
  }

  private void next() {
    Consumer<Ticket> dial;
    synchronized (this) {
      dial = waiting.poll();
      if (dial == null) {
        inUse--;
        return;
      }
    }
    dial.accept(new Ticket());
  }

  /** One handshake's place; releasing it twice is harmless. */
  final class Ticket {
    private final AtomicBoolean released = new AtomicBoolean();

    void release() {
      if (released.compareAndSet(false, true)) {
        next();
      }
    }
  }
}

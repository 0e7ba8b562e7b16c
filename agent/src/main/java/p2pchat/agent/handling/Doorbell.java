package p2pchat.agent.handling;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * How the dispatch thread is woken: anyone rings ({@link #ring}) when something may be due; the
 * thread waits ({@link #await}) until it is rung or its time is up. A ring while the thread is busy
 * is not lost: its next wait returns at once. Thread-safe.
 */
final class Doorbell {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition rung = lock.newCondition();
  private boolean signalled; // guarded by lock

  void ring() {
    lock.lock();
    try {
      signalled = true;
      rung.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code millis} unless rung since the last wait or {@code stopping}. */
  void await(long millis, BooleanSupplier stopping) throws InterruptedException {
    lock.lock();
    try {
      if (!signalled && !stopping.getAsBoolean()) {
        rung.await(millis, TimeUnit.MILLISECONDS);
      }
      signalled = false;
    } finally {
      lock.unlock();
    }
  }
}

package p2pchat.agent.common;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owner's turn on a shared pool, actor style: the owner queues its work wherever it likes and
 * calls {@link #schedule}; one drain task at a time then runs on the pool (never two at once, so
 * the owner's work never runs concurrently with itself), and every drain sees what was queued
 * before the {@code schedule} that asked for it. A drain takes what it wants and returns whether it
 * should run again; it then goes to the back of the pool's queue, so one busy owner cannot keep a
 * thread from the others. This is how the agents of one {@code AgentRuntime} share a few threads:
 * each agent's store writer and dispatcher is an owner. Thread-safe.
 */
public final class SerialDrain {
  private static final Logger log = LoggerFactory.getLogger(SerialDrain.class);

  private final Executor pool;
  private final BooleanSupplier drain;
  private final Runnable rejected;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Object runningLock = new Object();
  private volatile boolean wanted; // schedule() called since the running drain started
  private Thread running; // guarded by runningLock

  /**
   * {@code drain} runs on {@code pool}, one at a time; {@code rejected} runs (on the caller) when
   * the pool refuses the task, i.e. has been shut down.
   */
  public SerialDrain(Executor pool, BooleanSupplier drain, Runnable rejected) {
    this.pool = pool;
    this.drain = drain;
    this.rejected = rejected;
  }

  /** Makes sure a drain runs after this call: now, or once the running one has ended. */
  public void schedule() {
    wanted = true;
    if (scheduled.compareAndSet(false, true)) {
      submit();
    }
  }

  /** Whether the caller is this owner's running drain. */
  public boolean inDrain() {
    synchronized (runningLock) {
      return running == Thread.currentThread();
    }
  }

  /** Interrupts the running drain, if one runs; never a thread that has gone on to other work. */
  public void interrupt() {
    synchronized (runningLock) {
      if (running != null) {
        running.interrupt();
      }
    }
  }

  private void submit() {
    try {
      pool.execute(this::run);
    } catch (RejectedExecutionException e) {
      scheduled.set(false);
      rejected.run();
    }
  }

  private void run() {
    synchronized (runningLock) {
      running = Thread.currentThread();
    }
    boolean again = false;
    try {
      wanted = false;
      again = drain.getAsBoolean();
    } catch (RuntimeException | Error e) {
      log.error("a drain failed", e);
    } finally {
      synchronized (runningLock) {
        running = null;
      }
      Thread.interrupted(); // an interrupt meant for this owner must not reach the next one
      scheduled.set(false);
    }
    if ((again || wanted) && scheduled.compareAndSet(false, true)) {
      submit();
    }
  }
}

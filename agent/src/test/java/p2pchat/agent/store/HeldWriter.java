package p2pchat.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A store's writer parked inside a unit, so that everything submitted meanwhile lands in the next
 * group, until {@link #release}. Thread-safe.
 */
final class HeldWriter {
  private final CountDownLatch release = new CountDownLatch(1);

  private HeldWriter() {}

  /** Parks {@code store}'s writer; returns once it is inside the unit. */
  static HeldWriter hold(Store store) throws InterruptedException {
    HeldWriter held = new HeldWriter();
    CountDownLatch entered = new CountDownLatch(1);
    store.transaction(
        tx -> {
          entered.countDown();
          try {
            held.release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return null;
        });
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    return held;
  }

  void release() {
    release.countDown();
  }

  /**
   * Runs {@code stop} (the store's close or abort) on a thread named {@code name}, lets the writer
   * go once that thread waits for it, and returns when {@code stop} has.
   */
  void releaseDuring(Runnable stop, String name) throws InterruptedException {
    Thread stopper = new Thread(stop, name);
    stopper.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> stopper.getState() == Thread.State.WAITING);
    release();
    stopper.join();
  }
}

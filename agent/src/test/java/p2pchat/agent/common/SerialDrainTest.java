package p2pchat.agent.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many owners on a few threads: each owner's work runs alone, in order, and none is lost. */
class SerialDrainTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(3);

  @AfterEach
  void shutDown() {
    pool.shutdownNow();
  }

  /** An owner whose drain takes a few tasks at a time and notes any overlap with itself. */
  private final class Owner {
    final Queue<Integer> queued = new ConcurrentLinkedQueue<>();
    final List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean inside = new AtomicBoolean();
    final AtomicInteger overlaps = new AtomicInteger();
    final SerialDrain drain = new SerialDrain(pool, this::drainSome, () -> {});

    void add(int task) {
      queued.add(task);
      drain.schedule();
    }

    boolean drainSome() {
      if (!inside.compareAndSet(false, true)) {
        overlaps.incrementAndGet();
      }
      for (int i = 0; i < 7; i++) {
        Integer t = queued.poll();
        if (t == null) {
          break;
        }
        ran.add(t);
      }
      inside.set(false);
      return !queued.isEmpty();
    }

    int ranCount() {
      return ran.size();
    }
  }

  @Test
  void eachOwnersWorkRunsAloneInSubmissionOrderAndNothingIsLost() throws Exception {
    List<Owner> owners = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      owners.add(new Owner());
    }
    ExecutorService producers = Executors.newFixedThreadPool(4);
    for (int p = 0; p < 4; p++) {
      int producer = p;
      producers.execute(
          () -> {
            for (int n = 0; n < 2_000; n++) {
              owners.get((n + producer) % owners.size()).add(producer * 1_000_000 + n);
            }
          });
    }
    producers.shutdown();
    assertThat(producers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> owners.stream().mapToInt(Owner::ranCount).sum() == 8_000);
    for (Owner o : owners) {
      assertThat(o.overlaps).as("a drain never runs beside another of its owner").hasValue(0);
      for (int p = 0; p < 4; p++) {
        int producer = p;
        List<Integer> fromOne =
            List.copyOf(o.ran).stream().filter(t -> t / 1_000_000 == producer).toList();
        assertThat(fromOne).as("one producer's tasks, in its order").isSorted();
      }
    }
  }

  @Test
  void anOwnerThatBlocksHoldsOneThreadAndTheOthersGoOn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    SerialDrain blocked =
        new SerialDrain(
            pool,
            () -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return false;
            },
            () -> {});
    blocked.schedule();
    Owner other = new Owner();
    for (int i = 0; i < 100; i++) {
      other.add(i);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> other.ranCount() == 100);
    release.countDown();
  }

  @Test
  void anInterruptReachesOnlyTheRunningDrainOfItsOwner() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    SerialDrain sleeper =
        new SerialDrain(
            pool,
            () -> {
              started.countDown();
              try {
                Thread.sleep(30_000);
              } catch (InterruptedException e) {
                interrupted.set(true);
              }
              return false;
            },
            () -> {});
    sleeper.interrupt(); // nothing runs: nothing happens
    sleeper.schedule();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    sleeper.interrupt();
    await().atMost(Duration.ofSeconds(10)).untilTrue(interrupted);

    AtomicBoolean laterSawInterrupt = new AtomicBoolean();
    CountDownLatch ran = new CountDownLatch(30);
    for (int i = 0; i < 30; i++) {
      pool.execute(
          () -> {
            if (Thread.currentThread().isInterrupted()) {
              laterSawInterrupt.set(true);
            }
            ran.countDown();
          });
    }
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(laterSawInterrupt).as("no pool thread was left interrupted").isFalse();
  }

  @Test
  void aShutDownPoolIsReportedToTheOwner() {
    ExecutorService gone = Executors.newSingleThreadExecutor();
    gone.shutdown();
    AtomicBoolean told = new AtomicBoolean();
    new SerialDrain(gone, () -> false, () -> told.set(true)).schedule();
    assertThat(told).isTrue();
  }
}

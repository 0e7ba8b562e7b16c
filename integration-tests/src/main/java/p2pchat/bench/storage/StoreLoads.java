package p2pchat.bench.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import p2pchat.agent.Durability;
import p2pchat.agent.Message;
import p2pchat.agent.store.Outgoing;
import p2pchat.agent.store.Store;
import p2pchat.agent.store.StoreBenchOps;
import p2pchat.bench.BenchMessages;

/**
 * The agent store under load, for {@link StorageBench}: pipelined enqueues from several threads,
 * the receiver's batch insert, and the whole storage cycle of one pair. Each returns messages per
 * second. Stateless; each call opens its own stores in the directory it is given.
 */
final class StoreLoads {
  static final String TEXT = "m".repeat(100); // 100-byte messages, as in the broker comparison
  private static final int IN_FLIGHT = 4_096; // sends not yet committed, across all threads

  private StoreLoads() {}

  static double storeEnqueue(
      Path dir, Durability durability, int threads, int total, boolean waitEach) throws Exception {
    try (Store store = Store.open(dir, "Sam", durability)) {
      int perThread = total / threads;
      CountDownLatch done = new CountDownLatch(perThread * threads);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread sender =
            new Thread(
                () -> {
                  Semaphore window = new Semaphore(IN_FLIGHT / threads);
                  awaitQuietly(go);
                  for (int i = 0; i < perThread && failure.get() == null; i++) {
                    if (waitEach) {
                      store.enqueue(Outgoing.text("Bob", TEXT)).join();
                      done.countDown();
                      continue;
                    }
                    window.acquireUninterruptibly();
                    settles(store.enqueue(Outgoing.text("Bob", TEXT)), failure, window, done);
                  }
                },
                "bench-sender-" + t);
        sender.start();
        senders.add(sender);
      }
      long start = System.nanoTime();
      go.countDown();
      boolean finished = done.await(10, TimeUnit.MINUTES);
      long nanos = System.nanoTime() - start;
      for (Thread s : senders) {
        s.join();
      }
      check(finished, failure.get());
      return perThread * threads * 1e9 / nanos;
    }
  }

  static double receive(Path dir, int total) throws Exception {
    try (Store store = Store.open(dir, "Sam", Durability.FULL)) {
      int batches = total / 100;
      Semaphore window = new Semaphore(IN_FLIGHT / 100);
      CountDownLatch done = new CountDownLatch(batches);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      long seq = 0;
      long msb =
          System.currentTimeMillis() << 16; // time-ordered ids, as a sending store makes them
      long start = System.nanoTime();
      for (int b = 0; b < batches; b++) {
        List<Message> batch = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
          seq++;
          batch.add(
              BenchMessages.outgoing(
                  StoreLoads.id(msb++), "Bob", "Sam", seq, TEXT, Message.Status.SENT));
        }
        window.acquireUninterruptibly();
        settles(store.receive("Bob", batch), failure, window, done);
      }
      boolean finished = done.await(10, TimeUnit.MINUTES);
      long nanos = System.nanoTime() - start;
      check(finished, failure.get());
      return batches * 100 * 1e9 / nanos;
    }
  }

  /**
   * When {@code call} completes: its failure kept in {@code failure} (the first one only), its
   * place in the in-flight {@code window} given back and one counted off {@code done}.
   */
  private static void settles(
      CompletableFuture<?> call,
      AtomicReference<Throwable> failure,
      Semaphore window,
      CountDownLatch done) {
    call.whenComplete(
        (r, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
          window.release();
          done.countDown();
        });
  }

  /**
   * Everything storage does for one message of one pair, without the network: Sam enqueues
   * (pipelined); an outbox loop reads Sam's pending rows, marks them sent and hands them to Bob's
   * receive; once stored, Sam acknowledges them (no 'delivered' events wanted) and Bob handles each
   * in a unit of its own, as the script dispatcher does. Ends when every message is handled: what
   * storage alone allows end to end.
   */
  static double pairCycle(Path dir, int total) throws Exception {
    try (Store sam = Store.open(dir.resolve("sam"), "Sam", Durability.FULL);
        Store bob = Store.open(dir.resolve("bob"), "Bob", Durability.FULL)) {
      CountDownLatch handled = new CountDownLatch(total);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      BiConsumer<Object, Throwable> onError =
          (r, e) -> {
            if (e != null) {
              failure.compareAndSet(null, e);
            }
          };
      Thread outbox =
          new Thread(
              () -> {
                Semaphore inFlight = new Semaphore(IN_FLIGHT);
                long sentUpTo = 0;
                while (sentUpTo < total && failure.get() == null) {
                  List<Message> batch = sam.pendingOut("Bob", sentUpTo, 256);
                  if (batch.isEmpty()) {
                    LockSupport.parkNanos(100_000);
                    continue;
                  }
                  long last = batch.get(batch.size() - 1).seq();
                  inFlight.acquireUninterruptibly(batch.size());
                  sam.markSent("Bob", last).whenComplete(onError);
                  int size = batch.size();
                  bob.receive("Sam", batch)
                      .whenComplete(
                          (stored, e) -> {
                            if (e != null) {
                              failure.compareAndSet(null, e);
                              return;
                            }
                            StoreBenchOps.acknowledge(sam, "Bob", last).whenComplete(onError);
                            for (Message m : stored) {
                              bob.transaction(
                                      tx -> {
                                        tx.markHandled(m.id());
                                        return null;
                                      })
                                  .whenComplete(
                                      (r, e2) -> {
                                        onError.accept(r, e2);
                                        handled.countDown();
                                      });
                            }
                            inFlight.release(size);
                          });
                  sentUpTo = last;
                }
              },
              "bench-outbox");
      long start = System.nanoTime();
      outbox.start();
      Semaphore window = new Semaphore(IN_FLIGHT);
      for (int i = 0; i < total && failure.get() == null; i++) {
        window.acquireUninterruptibly();
        sam.enqueue(Outgoing.text("Bob", TEXT))
            .whenComplete(
                (m, e) -> {
                  onError.accept(m, e);
                  window.release();
                });
      }
      boolean finished = handled.await(10, TimeUnit.MINUTES);
      long nanos = System.nanoTime() - start;
      outbox.join();
      check(finished, failure.get());
      return total * 1e9 / nanos;
    }
  }

  // ---- plumbing

  /** A time-ordered message id from {@code msb}, as a sending store makes them. */
  static String id(long msb) {
    return new UUID(msb, 0x8000_0000_0000_0000L).toString();
  }

  static void check(boolean finished, Throwable failure) {
    if (failure != null) {
      throw new IllegalStateException("a write failed: " + failure.getMessage(), failure);
    }
    if (!finished) {
      throw new IllegalStateException("writes did not finish within 10 minutes");
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

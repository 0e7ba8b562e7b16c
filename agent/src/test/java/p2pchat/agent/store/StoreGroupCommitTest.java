package p2pchat.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.Durability;
import p2pchat.agent.Message;

class StoreGroupCommitTest {
  @TempDir Path dir;
  private Store store;

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void aUnitThatThrowsFailsOnlyItselfWhileTheRestOfItsGroupCommits() throws Exception {
    store = Store.open(dir, "Sam", Durability.FULL);
    HeldWriter held = HeldWriter.hold(store);

    CompletableFuture<Message> before = store.enqueue(Outgoing.text("Ann", "before"));
    CompletableFuture<Object> failing =
        store.transaction(
            tx -> {
              tx.enqueue(Outgoing.text("Ann", "from the failing unit"));
              tx.putState("poisoned", "true");
              tx.addJob(1, 1, null, new byte[0], "from the failing unit");
              throw new IllegalStateException("handler blew up");
            });
    CompletableFuture<Message> after =
        store.transaction(
            tx -> {
              tx.putState("fine", "1");
              tx.addJob(2, 2, null, new byte[0], "kept");
              return tx.enqueue(Outgoing.text("Ann", "after"));
            });
    held.release();

    assertThatThrownBy(failing::join).hasRootCauseMessage("handler blew up");
    assertThat(before.join().seq()).isEqualTo(1);
    assertThat(after.join().seq()).isEqualTo(2); // the failing unit's seq was handed back
    assertThat(store.pendingOut("Ann", 0, 10))
        .extracting(Message::text, Message::seq)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("before", 1L),
            org.assertj.core.groups.Tuple.tuple("after", 2L));
    assertThat(store.state()).containsOnlyKeys("fine");
    assertThat(store.jobs()).extracting(j -> j.description()).containsExactly("kept");
  }

  @Test
  void hundredsOfQueuedWritesCommitTogetherInOneTransaction() throws Exception {
    store = Store.open(dir, "Sam", Durability.FULL);
    HeldWriter held = HeldWriter.hold(store);
    long before = store.groupsCommitted();
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      writes.add(store.enqueue(Outgoing.text("Ann", "m" + i)));
      if (i % 50 == 0) {
        writes.add(
            store.transaction(
                tx -> {
                  tx.putState("k", "1");
                  return null;
                }));
        writes.add(store.markSent("Ann", i));
      }
    }
    held.release();
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();

    assertThat(store.groupsCommitted() - before)
        .isEqualTo(2); // the held unit's group, then all the rest
    assertThat(store.pendingOut("Ann", 0, 1_000)).hasSize(500);
  }

  @Test
  void concurrentEnqueuesFromManyThreadsAllLandExactlyOnceWithGapFreeSeqs() throws Exception {
    store = Store.open(dir, "Sam", Durability.NORMAL);
    int threads = 8;
    int perThread = 1_000;
    List<String> peers = List.of("Ann", "Bob", "Cy");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<List<CompletableFuture<Message>>> sent = new ArrayList<>();
    try {
      List<java.util.concurrent.Future<List<CompletableFuture<Message>>>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        tasks.add(
            pool.submit(
                () -> {
                  List<CompletableFuture<Message>> mine = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    mine.add(
                        store.enqueue(
                            Outgoing.text(peers.get(i % peers.size()), thread + ":" + i)));
                  }
                  return mine;
                }));
      }
      for (var task : tasks) {
        sent.add(task.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    List<Message> all = sent.stream().flatMap(List::stream).map(CompletableFuture::join).toList();
    assertThat(all).extracting(Message::id).doesNotHaveDuplicates().hasSize(threads * perThread);
    Map<String, List<Message>> stored =
        store.history(null).stream().collect(Collectors.groupingBy(Message::to));
    for (String peer : peers) {
      List<Long> seqs = stored.get(peer).stream().map(Message::seq).sorted().toList();
      assertThat(seqs)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
    }
    assertThat(stored.values().stream().mapToInt(List::size).sum()).isEqualTo(threads * perThread);
    // Each thread's sends to one peer keep the order they were made in.
    for (List<CompletableFuture<Message>> mine : sent) {
      Map<String, Long> last = new HashMap<>();
      for (CompletableFuture<Message> f : mine) {
        Message m = f.join();
        assertThat(m.seq()).isGreaterThan(last.getOrDefault(m.to(), 0L));
        last.put(m.to(), m.seq());
      }
    }
  }

  @Test
  void abortLosesOnlyUncommittedWorkAndReopenSeesEveryCompletedWrite() throws Exception {
    store = Store.open(dir, "Sam", Durability.FULL);
    for (int i = 1; i <= 3; i++) {
      store.enqueue(Outgoing.text("Ann", "committed " + i)).join();
    }
    HeldWriter held = HeldWriter.hold(store);
    List<CompletableFuture<Message>> queued = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      queued.add(store.enqueue(Outgoing.text("Ann", "queued " + i)));
    }
    held.releaseDuring(store::abort, "aborter");

    assertThat(queued)
        .allSatisfy(
            f ->
                assertThatThrownBy(f::join)
                    .hasRootCauseInstanceOf(StoreException.class)
                    .hasMessageContaining("aborted"));
    assertThatThrownBy(() -> store.enqueue(Outgoing.text("Ann", "too late")).join())
        .hasRootCauseInstanceOf(StoreException.class)
        .hasMessageContaining("closed");

    store = Store.open(dir, "Sam", Durability.FULL); // the lock was released
    assertThat(store.pendingOut("Ann", 0, 100))
        .extracting(Message::text)
        .containsExactly("committed 1", "committed 2", "committed 3");
    assertThat(store.enqueue(Outgoing.text("Ann", "next")).join().seq()).isEqualTo(4);
  }

  @Test
  void abortAtAnyMomentKeepsExactlyTheWritesWhoseFuturesCompleted() throws Exception {
    store = Store.open(dir, "Sam", Durability.FULL);
    int threads = 4;
    AtomicInteger completed = new AtomicInteger();
    List<CompletableFuture<Message>> futures =
        java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      pool.submit(
          () -> {
            // Keep sending, at most 200 in flight, until the store refuses: the abort cuts a live
            // stream.
            Semaphore window = new Semaphore(200);
            for (int i = 0; i < 1_000_000; i++) {
              window.acquireUninterruptibly();
              CompletableFuture<Message> f =
                  store.enqueue(Outgoing.text(thread % 2 == 0 ? "Ann" : "Bob", thread + ":" + i));
              futures.add(f);
              f.whenComplete(
                  (m, e) -> {
                    completed.incrementAndGet();
                    window.release();
                  });
              if (f.isCompletedExceptionally()) {
                return;
              }
            }
          });
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(1))
        .until(() -> completed.get() >= 300);
    store.abort();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    assertThat(futures).allMatch(CompletableFuture::isDone);
    Set<String> promised =
        futures.stream()
            .filter(f -> !f.isCompletedExceptionally())
            .map(f -> f.join().id())
            .collect(Collectors.toSet());

    store = Store.open(dir, "Sam", Durability.FULL);
    List<Message> stored = store.history(null);
    Set<String> storedIds = stored.stream().map(Message::id).collect(Collectors.toSet());
    assertThat(storedIds).hasSize(stored.size()).isEqualTo(promised);
    for (String peer : List.of("Ann", "Bob")) {
      List<Long> seqs =
          stored.stream().filter(m -> m.to().equals(peer)).map(Message::seq).sorted().toList();
      assertThat(seqs)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
    }
  }

  @Test
  void closeCommitsEverythingAlreadyQueued() throws Exception {
    store = Store.open(dir, "Sam", Durability.FULL);
    HeldWriter held = HeldWriter.hold(store);
    List<CompletableFuture<Message>> queued = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      queued.add(store.enqueue(Outgoing.text("Ann", "m" + i)));
    }
    held.releaseDuring(store::close, "closer");

    assertThat(queued).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    store = Store.openReadOnly(dir, "Sam");
    assertThat(store.pendingOut("Ann", 0, 1_000)).hasSize(100);
  }

  @Test
  void callbacksRunOnTheWriterThreadAfterTheCommit() {
    store = Store.open(dir, "Sam", Durability.FULL);
    String thread =
        store
            .enqueue(Outgoing.text("Ann", "hi"))
            .thenApply(
                m ->
                    Thread.currentThread().getName()
                        + " sees "
                        + store.pendingOut("Ann", 0, 10).size())
            .join();
    assertThat(thread).isEqualTo("agent-Sam-store sees 1");
  }
}

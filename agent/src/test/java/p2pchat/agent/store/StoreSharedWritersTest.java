package p2pchat.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.Durability;
import p2pchat.agent.Message;

/**
 * Many stores committing on one small shared pool, as the agents of a runtime do: every write lands
 * once, in order, still group-committed, and a store held inside a unit holds one pool thread only.
 */
class StoreSharedWritersTest {
  @TempDir Path dir;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final StoreJdbi jdbi = new StoreJdbi();
  private final List<Store> stores = new ArrayList<>();

  @AfterEach
  void closeAll() {
    stores.forEach(Store::close);
    pool.shutdownNow();
  }

  private Store open(String name) {
    Store s =
        Store.open(
            dir.resolve(name), name, Durability.NORMAL, jdbi, System::currentTimeMillis, pool);
    stores.add(s);
    return s;
  }

  @Test
  void twentyStoresOnTwoThreadsCommitEveryWriteOnceInOrder() {
    for (int i = 0; i < 20; i++) {
      open("s" + i);
    }
    List<CompletableFuture<Message>> writes = new ArrayList<>();
    for (int n = 0; n < 100; n++) {
      for (Store s : stores) {
        writes.add(s.enqueue(Outgoing.text("Ann", "m" + n)));
      }
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();

    for (Store s : stores) {
      List<Message> out = s.pendingOut("Ann", 0, 1_000);
      assertThat(out).extracting(Message::seq).containsExactlyElementsOf(seqs(100));
      assertThat(out.get(99).text()).isEqualTo("m99");
      assertThat(s.groupsCommitted())
          .as("group commit: far fewer groups than writes")
          .isLessThan(100L);
    }
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().endsWith("-store"));
  }

  @Test
  void aStoreHeldInsideAUnitLeavesTheOtherThreadToTheRest() throws Exception {
    Store held = open("held");
    Store other = open("other");
    HeldWriter writer = HeldWriter.hold(held);
    CompletableFuture<Message> late = held.enqueue(Outgoing.text("Ann", "waits"));

    for (int n = 0; n < 50; n++) {
      other.enqueue(Outgoing.text("Ann", "m" + n)).get(10, TimeUnit.SECONDS);
    }
    assertThat(late).isNotDone();
    writer.release();
    assertThat(late.get(10, TimeUnit.SECONDS).seq()).isEqualTo(1);
  }

  @Test
  void closeCommitsWhatIsQueuedAndAReopenSeesIt() {
    Store s = open("Sam");
    List<CompletableFuture<Message>> writes = new ArrayList<>();
    for (int n = 0; n < 300; n++) {
      writes.add(s.enqueue(Outgoing.text("Ann", "m" + n)));
    }
    s.close();
    stores.remove(s);
    assertThat(writes).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    Store again = open("Sam");
    assertThat(again.pendingOut("Ann", 0, 1_000)).hasSize(300);
  }

  private static long filesUnder(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return java.nio.file.Files.readSymbolicLink(fd).startsWith(dir);
                } catch (java.io.IOException e) {
                  return false; // closed meanwhile
                }
              })
          .count();
    }
  }

  @Test
  void anIdleStoreClosesItsDatabaseAndOpensItAgainOnItsNextUse() throws Exception {
    Store s = open("Sam");
    Path home = dir.resolve("Sam").toRealPath();
    s.enqueue(Outgoing.text("Ann", "before")).join();
    assertThat(s.pendingOut("Ann", 0, 10)).hasSize(1); // memory: no reader needed
    assertThat(s.knownPeers()).isEmpty(); // a reader opened and kept
    assertThat(filesUnder(home)).as("lock, writer (3), reader (2)").isGreaterThanOrEqualTo(5);

    s.closeIdle(Duration.ZERO);
    await().atMost(Duration.ofSeconds(10)).until(() -> filesUnder(home) == 1);

    assertThat(s.enqueue(Outgoing.text("Ann", "after")).join().seq()).isEqualTo(2);
    assertThat(s.history("Ann")).extracting(Message::text).containsExactly("before", "after");
    s.closeIdle(Duration.ofHours(1));
    assertThat(filesUnder(home)).as("used just now: kept open").isGreaterThan(1);
    s.abort(); // a crash after reopening keeps what was committed
    stores.remove(s);
    assertThat(open("Sam").history("Ann")).hasSize(2);
  }

  private static List<Long> seqs(int n) {
    List<Long> out = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      out.add(i);
    }
    return out;
  }
}

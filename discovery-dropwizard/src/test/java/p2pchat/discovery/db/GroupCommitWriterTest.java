package p2pchat.discovery.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one writer: writes queued together commit together, and a refused one leaves no trace. */
class GroupCommitWriterTest {
  @TempDir Path dir;
  private Jdbi jdbi;
  private GroupCommitWriter writer;
  private final ExecutorService callers = Executors.newFixedThreadPool(4);

  @BeforeEach
  void open() {
    jdbi = Jdbi.create("jdbc:sqlite:" + dir.resolve("w.db")).installPlugin(new SqlObjectPlugin());
    jdbi.useHandle(h -> h.execute("CREATE TABLE t (v TEXT PRIMARY KEY)"));
    writer = new GroupCommitWriter(jdbi, Dialect.SQLITE);
  }

  @AfterEach
  void close() throws InterruptedException {
    callers.shutdownNow();
    writer.stop();
  }

  private static Integer insert(PeerDao dao, String v) {
    return dao.getHandle().execute("INSERT INTO t (v) VALUES (?)", v);
  }

  private List<String> rows() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT v FROM t ORDER BY v").mapTo(String.class).list());
  }

  @Test
  void aRefusedWriteInABatchLeavesNoTraceAndTheOthersCommit() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch writing = new CountDownLatch(1);
    // Holds the writer thread, so the next three writes queue up and go in one batch.
    Future<Integer> first =
        callers.submit(
            () ->
                writer.write(
                    dao -> {
                      writing.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                      }
                      return insert(dao, "a");
                    }));
    writing.await();
    Future<Integer> good = callers.submit(() -> writer.write(dao -> insert(dao, "b")));
    Future<Integer> refused =
        callers.submit(
            () ->
                writer.write(
                    dao -> {
                      insert(
                          dao,
                          "half-done"); // written, then the write is refused: this must not stay
                      throw new IllegalArgumentException("refused on purpose");
                    }));
    Future<Integer> alsoGood = callers.submit(() -> writer.write(dao -> insert(dao, "c")));
    await().until(() -> writer.queued() == 3);
    release.countDown();

    assertThat(first.get()).isEqualTo(1);
    assertThat(good.get()).isEqualTo(1);
    assertThat(alsoGood.get()).isEqualTo(1);
    assertThatThrownBy(refused::get).hasRootCauseMessage("refused on purpose");
    assertThat(rows()).containsExactly("a", "b", "c");
  }

  @Test
  void aWriteThatBreaksTheDatabaseFailsOnlyItsOwnCaller() throws Exception {
    writer.write(dao -> insert(dao, "x"));
    CompletableFuture<Integer> duplicate =
        CompletableFuture.supplyAsync(() -> writer.write(dao -> insert(dao, "x")), callers);
    assertThatThrownBy(duplicate::join).hasMessageContaining("UNIQUE");
    int inserted = writer.write(dao -> insert(dao, "y"));
    assertThat(inserted).isEqualTo(1);
    assertThat(rows()).containsExactly("x", "y");
  }
}

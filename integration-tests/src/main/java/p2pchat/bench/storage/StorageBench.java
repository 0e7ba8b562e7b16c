package p2pchat.bench.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import p2pchat.agent.Durability;
import p2pchat.agent.Message;
import p2pchat.agent.store.Outgoing;
import p2pchat.agent.store.Store;
import p2pchat.agent.store.StoreBenchOps;

/**
 * The agent store's throughput next to its baselines, measured in the same run on the same disk:
 * the raw SQLite group-commit ceiling (prepared batches of 100 rows per FULL-synchronous
 * transaction, same schema), the prototype's naive outbox (one transaction and fsync per message),
 * and {@link Store#enqueue} from 1 and 8 threads at FULL and NORMAL durability (plus 8 threads each
 * waiting for its own send, the receiver's batch insert, and the whole storage cycle of one pair).
 * Each figure is the best of a few rounds. Run: {@code java -cp ...
 * p2pchat.bench.storage.StorageBench [--quick] [--dir DIR] [--rounds N]}. Not thread-safe; one run
 * at a time.
 */
public final class StorageBench {
  private static final String TEXT =
      "m".repeat(100); // 100-byte messages, as in the broker comparison
  private static final int IN_FLIGHT = 4_096; // sends not yet committed, across all threads

  /** Messages per second for each variant; ratios are to {@code ceilingFull}. Immutable. */
  public record Figures(
      double ceilingFull,
      double naiveFull,
      double enqueue1Full,
      double enqueue8Full,
      double enqueue1Normal,
      double enqueue8Normal,
      double enqueue8WaitingFull,
      double receiveBatchesFull,
      double pairCycleFull) {

    /** Snake-case keys for the benchmark JSON (issue 7 names the first two). */
    public Map<String, Double> asJson() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("storage_ceiling_msgs_per_s", ceilingFull);
      m.put("naive_outbox_msgs_per_s", naiveFull);
      m.put("store_enqueue_1t_full_msgs_per_s", enqueue1Full);
      m.put("store_enqueue_8t_full_msgs_per_s", enqueue8Full);
      m.put("store_enqueue_1t_normal_msgs_per_s", enqueue1Normal);
      m.put("store_enqueue_8t_normal_msgs_per_s", enqueue8Normal);
      m.put("store_enqueue_8t_waiting_full_msgs_per_s", enqueue8WaitingFull);
      m.put("store_receive_batches_full_msgs_per_s", receiveBatchesFull);
      m.put("store_pair_cycle_full_msgs_per_s", pairCycleFull);
      return m;
    }

    public String table() {
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              Locale.ROOT, "%-58s %12s %9s%n", "storage (best of rounds)", "msgs/s", "x ceiling"));
      row(sb, "SQLite group-commit ceiling (raw JDBC, 100/txn, FULL)", ceilingFull);
      row(sb, "naive outbox (1 txn + fsync per message, FULL)", naiveFull);
      row(sb, "Store.enqueue, 1 thread, FULL", enqueue1Full);
      row(sb, "Store.enqueue, 8 threads, FULL", enqueue8Full);
      row(sb, "Store.enqueue, 1 thread, NORMAL", enqueue1Normal);
      row(sb, "Store.enqueue, 8 threads, NORMAL", enqueue8Normal);
      row(sb, "Store.enqueue, 8 threads each waiting for its send, FULL", enqueue8WaitingFull);
      row(sb, "Store.receive, batches of 100, FULL", receiveBatchesFull);
      row(sb, "two stores, whole cycle (send, receive, ack, handle), FULL", pairCycleFull);
      return sb.toString();
    }

    private void row(StringBuilder sb, String name, double value) {
      sb.append(
          String.format(Locale.ROOT, "%-58s %12.0f %9.2f%n", name, value, value / ceilingFull));
    }
  }

  /**
   * {@code messages} per store variant; the naive loop stops after {@code naiveMessages} or 3 s.
   */
  public record Options(Path dir, int messages, int naiveMessages, int rounds) {
    public static Options full(Path dir) {
      return new Options(dir, 200_000, 3_000, 3);
    }

    public static Options quick(Path dir) {
      return new Options(dir, 40_000, 500, 1);
    }
  }

  public static Figures run(Options o) throws Exception {
    Files.createDirectories(o.dir());
    int n = o.messages();
    // Warm the JIT on both paths before anything is measured.
    inFreshDir(o, d -> storeEnqueue(d, Durability.NORMAL, 2, Math.min(n, 50_000), false));
    inFreshDir(o, d -> ceiling(d, Math.min(n, 50_000)));

    double[] best = new double[9];
    for (int r = 0; r < o.rounds(); r++) {
      double[] f = {
        inFreshDir(o, d -> ceiling(d, n)),
        inFreshDir(o, d -> naive(d, o.naiveMessages())),
        inFreshDir(o, d -> storeEnqueue(d, Durability.FULL, 1, n, false)),
        inFreshDir(o, d -> storeEnqueue(d, Durability.FULL, 8, n, false)),
        inFreshDir(o, d -> storeEnqueue(d, Durability.NORMAL, 1, n, false)),
        inFreshDir(o, d -> storeEnqueue(d, Durability.NORMAL, 8, n, false)),
        inFreshDir(
            o,
            d -> storeEnqueue(d, Durability.FULL, 8, Math.max(o.naiveMessages() * 4, 2_000), true)),
        inFreshDir(o, d -> receive(d, n)),
        inFreshDir(o, d -> pairCycle(d, n)),
      };
      for (int i = 0; i < f.length; i++) {
        best[i] = Math.max(best[i], f[i]);
      }
    }
    return new Figures(
        best[0], best[1], best[2], best[3], best[4], best[5], best[6], best[7], best[8]);
  }

  private interface Measurement {
    double run(Path dir) throws Exception;
  }

  /** Runs one measurement in a new directory under the bench's, deleted afterwards. */
  private static double inFreshDir(Options o, Measurement m) throws Exception {
    Path dir = Files.createTempDirectory(o.dir(), "run-");
    try {
      return m.run(dir);
    } finally {
      deleteTree(dir);
    }
  }

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Path dir = null;
    Integer rounds = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--dir" -> dir = Path.of(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> {
          System.err.println(
              "unknown option " + args[i] + "; use [--quick] [--dir DIR] [--rounds N]");
          System.exit(2);
        }
      }
    }
    Path base = dir != null ? dir : Files.createTempDirectory("p2pchat-storage-bench");
    Options o = quick ? Options.quick(base) : Options.full(base);
    if (rounds != null) {
      o = new Options(o.dir(), o.messages(), o.naiveMessages(), rounds);
    }
    System.out.printf(
        Locale.ROOT,
        "storage bench in %s: %d messages per variant, %d round(s), %d cores%n",
        o.dir(),
        o.messages(),
        o.rounds(),
        Runtime.getRuntime().availableProcessors());
    Figures f = run(o);
    if (dir == null) {
      deleteTree(base); // our own temporary directory; a --dir given is left in place
    }
    System.out.print(f.table());
  }

  // ---- the store

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
                    store
                        .enqueue(Outgoing.text("Bob", TEXT))
                        .whenComplete(
                            (m, e) -> {
                              if (e != null) {
                                failure.compareAndSet(null, e);
                              }
                              window.release();
                              done.countDown();
                            });
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
              new Message(
                  new UUID(msb++, 0x8000_0000_0000_0000L).toString(),
                  "Bob",
                  "Sam",
                  Message.Direction.OUT,
                  seq,
                  TEXT,
                  null,
                  Message.Status.SENT,
                  System.currentTimeMillis(),
                  null,
                  false,
                  null));
        }
        window.acquireUninterruptibly();
        store
            .receive("Bob", batch)
            .whenComplete(
                (stored, e) -> {
                  if (e != null) {
                    failure.compareAndSet(null, e);
                  }
                  window.release();
                  done.countDown();
                });
      }
      boolean finished = done.await(10, TimeUnit.MINUTES);
      long nanos = System.nanoTime() - start;
      check(finished, failure.get());
      return batches * 100 * 1e9 / nanos;
    }
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
      java.util.function.BiConsumer<Object, Throwable> onError =
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
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
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

  // ---- the baselines: raw JDBC on the same schema and disk

  public static double ceiling(Path dir, int total) throws SQLException {
    try (Connection c = raw(dir)) {
      c.setAutoCommit(false);
      long msb = System.currentTimeMillis() << 16;
      try (PreparedStatement insert = c.prepareStatement(INSERT)) {
        long start = System.nanoTime();
        for (int n = 0; n < total; ) {
          for (int i = 0; i < 100 && n < total; i++, n++) {
            bind(insert, new UUID(msb++, 0x8000_0000_0000_0000L).toString(), n + 1);
            insert.addBatch();
          }
          insert.executeBatch();
          c.commit();
        }
        return total * 1e9 / (System.nanoTime() - start);
      }
    }
  }

  static double naive(Path dir, int max) throws SQLException {
    try (Connection c = raw(dir);
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      long msb = System.currentTimeMillis() << 16;
      long start = System.nanoTime();
      long deadline = start + TimeUnit.SECONDS.toNanos(3);
      int n = 0;
      while (n < max && System.nanoTime() < deadline) {
        bind(insert, new UUID(msb++, 0x8000_0000_0000_0000L).toString(), ++n);
        insert.executeUpdate(); // autocommit: one transaction, one fsync
      }
      return n * 1e9 / (System.nanoTime() - start);
    }
  }

  private static final String INSERT =
      """
      INSERT INTO messages (id, peer, direction, seq, text, data, status, sent_at, received_at, offline, expires_at)
      VALUES (?, 'Bob', 'out', ?, ?, NULL, 'queued', ?, NULL, 0, NULL)
      """;

  private static void bind(PreparedStatement insert, String id, long seq) throws SQLException {
    insert.setString(1, id);
    insert.setLong(2, seq);
    insert.setString(3, TEXT);
    insert.setLong(4, System.currentTimeMillis());
  }

  /** A FULL-synchronous WAL connection on a new database with the agent's schema. */
  private static Connection raw(Path dir) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setGetGeneratedKeys(false);
    Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("raw.db"));
    Jdbi.create(c).useHandle(h -> h.createScript(schema()).execute()); // leaves c open
    return c;
  }

  private static String schema() {
    try (InputStream in = StorageBench.class.getResourceAsStream("/db/agent/V1__init.sql")) {
      if (in == null) {
        throw new IllegalStateException(
            "the agent's schema (db/agent/V1__init.sql) is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- plumbing

  private static void check(boolean finished, Throwable failure) {
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

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private StorageBench() {}
}

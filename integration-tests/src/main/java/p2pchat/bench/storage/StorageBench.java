package p2pchat.bench.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import p2pchat.agent.Durability;
import p2pchat.agent.store.Store;
import p2pchat.harness.FileTrees;

/**
 * The agent store's throughput next to its baselines, measured in the same run on the same disk:
 * the raw SQLite group-commit ceiling (prepared batches of 100 rows per FULL-synchronous
 * transaction, same schema), the prototype's naive outbox (one transaction and fsync per message),
 * and {@link Store#enqueue} from 1 and 8 threads at FULL and NORMAL durability (plus 8 threads each
 * waiting for its own send, the receiver's batch insert, and the whole storage cycle of one pair).
 * Each figure is the best of a few rounds. The loads are in {@link StoreLoads}, the raw-JDBC
 * baselines in {@link SqliteBaselines}; this class runs them and keeps the best. Run: {@code java
 * -cp ... p2pchat.bench.storage.StorageBench [--quick] [--dir DIR] [--rounds N]}. Not thread-safe;
 * one run at a time.
 */
public final class StorageBench {
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
    inFreshDir(
        o, d -> StoreLoads.storeEnqueue(d, Durability.NORMAL, 2, Math.min(n, 50_000), false));
    inFreshDir(o, d -> SqliteBaselines.ceiling(d, Math.min(n, 50_000)));

    double[] best = new double[9];
    for (int r = 0; r < o.rounds(); r++) {
      double[] f = {
        inFreshDir(o, d -> SqliteBaselines.ceiling(d, n)),
        inFreshDir(o, d -> SqliteBaselines.naive(d, o.naiveMessages())),
        inFreshDir(o, d -> StoreLoads.storeEnqueue(d, Durability.FULL, 1, n, false)),
        inFreshDir(o, d -> StoreLoads.storeEnqueue(d, Durability.FULL, 8, n, false)),
        inFreshDir(o, d -> StoreLoads.storeEnqueue(d, Durability.NORMAL, 1, n, false)),
        inFreshDir(o, d -> StoreLoads.storeEnqueue(d, Durability.NORMAL, 8, n, false)),
        inFreshDir(
            o,
            d ->
                StoreLoads.storeEnqueue(
                    d, Durability.FULL, 8, Math.max(o.naiveMessages() * 4, 2_000), true)),
        inFreshDir(o, d -> StoreLoads.receive(d, n)),
        inFreshDir(o, d -> StoreLoads.pairCycle(d, n)),
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
      FileTrees.delete(dir);
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
      FileTrees.delete(base); // our own temporary directory; a --dir given is left in place
    }
    System.out.print(f.table());
  }

  private StorageBench() {}
}

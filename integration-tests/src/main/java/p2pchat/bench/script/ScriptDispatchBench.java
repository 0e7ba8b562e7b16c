package p2pchat.bench.script;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import p2pchat.agent.Behavior;
import p2pchat.agent.Effects;
import p2pchat.agent.Job;
import p2pchat.agent.Message;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.script.ScriptHost;

/**
 * Dispatch overhead of a Groovy handler: ns per {@code ScriptHost.onMessage} for a trivial {@code
 * on message {}} (and, for scale, an echo that replies) against a no-op Java Behavior, called
 * through the same interface with an Effects that does nothing. A warm loop: alternating rounds
 * after a warm-up, median per variant. Single-threaded; run it on an idle machine.
 *
 * <p>Run: {@code java -cp integration-tests/target/classes:$(cat
 * integration-tests/target/classpath.txt) p2pchat.bench.script.ScriptDispatchBench [callsPerRound]
 * [rounds]}
 */
public final class ScriptDispatchBench {
  /** The message every variant handles, here and in {@code ScriptDispatchBenchmark}. */
  public static final Message SAMPLE =
      new Message(
          "0190b7e4-0000-7000-8000-000000000001",
          "Sam",
          "Bench",
          Message.Direction.IN,
          1,
          "hello",
          null,
          Message.Status.RECEIVED,
          0,
          0L,
          false,
          null);

  private ScriptDispatchBench() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    Path dir = Files.createTempDirectory("script-bench");
    try (ScriptHost trivial = host(dir, "trivial.groovy", "on message {}\n");
        ScriptHost echo =
            host(dir, "echo.groovy", "on message { msg -> reply \"echo: ${msg.text}\" }\n")) {
      Behavior java = (message, effects) -> {};
      Behavior[] variants = {java, trivial, echo};
      String[] names = {"no-op Java Behavior", "script: on message {}", "script: echo reply"};
      Message message = SAMPLE;
      Effects effects = new NoEffects();

      for (int i = 0; i < 3; i++) { // warm-up: let the JIT settle on every path
        for (Behavior b : variants) {
          run(b, message, effects, calls);
        }
      }
      double[][] ns = new double[variants.length][rounds];
      for (int r = 0; r < rounds; r++) {
        for (int v = 0; v < variants.length; v++) {
          ns[v][r] = run(variants[v], message, effects, calls);
        }
      }
      double base = median(ns[0]);
      System.out.printf("calls per round %d, rounds %d, median ns/message:%n", calls, rounds);
      for (int v = 0; v < variants.length; v++) {
        double m = median(ns[v]);
        System.out.printf("  %-24s %8.1f ns   (+%.1f ns over Java)%n", names[v], m, m - base);
      }
    }
  }

  private static ScriptHost host(Path dir, String name, String source) throws Exception {
    return ScriptHost.load(Files.writeString(dir.resolve(name), source), "Bench", null);
  }

  private static double run(Behavior b, Message message, Effects effects, int calls)
      throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      b.onMessage(message, effects);
    }
    return (System.nanoTime() - start) / (double) calls;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /**
   * Effects that change nothing: the benchmark measures dispatch, not the store (also used by the
   * JMH variant).
   */
  public static final class NoEffects implements Effects {
    private int sent;

    @Override
    public String me() {
      return "Bench";
    }

    @Override
    public void send(String to, String text, String dataJson, Duration ttl) {
      sent += text.length();
    }

    @Override
    public Map<String, String> state() {
      return Map.of();
    }

    @Override
    public void putState(String key, String json) {}

    @Override
    public long schedule(Duration delay, Duration period, byte[] payload, String description) {
      return 0;
    }

    @Override
    public void cancel(long jobId) {}

    @Override
    public List<Job> jobs() {
      return List.of();
    }

    @Override
    public List<PeerInfo> peers() {
      return List.of();
    }

    @Override
    public void stopAgent() {}
  }
}

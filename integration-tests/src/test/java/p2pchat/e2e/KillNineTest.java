package p2pchat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import p2pchat.agent.Message;
import p2pchat.agent.store.Store;
import p2pchat.discovery.EmbeddedRegistry;

/**
 * kill -9 of the receiver's process, and separately of the sender's, at random moments of a
 * stream of 10,000-message trials; the victim is restarted each time. Every message must be in
 * the receiver's history exactly once and in order. Five trials of each in the normal suite;
 * {@code -Dp2pchat.killTrials=N} runs more, {@code -Dp2pchat.seed=S} replays one run.
 */
class KillNineTest {
  private static final int PER_TRIAL = 10_000;
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final int TRIALS = Integer.getInteger("p2pchat.killTrials", 5);

  @TempDir Path dir;

  @ParameterizedTest(name = "kill -9 the {0}")
  @ValueSource(strings = {"receiver", "sender"})
  void everyMessageArrivesExactlyOnceAndInOrderWhateverInstantAProcessIsKilled(String victim) throws Exception {
    Path script = dir.resolve("stream-to-carol.groovy");
    Files.copy(Path.of("src/test/resources/scripts/stream-to-carol.groovy"), script);
    long seed = Long.getLong("p2pchat.seed", System.nanoTime());
    Random random = new Random(seed);
    int total = TRIALS * PER_TRIAL;
    Map<String, String> env = Map.of("STREAM_TOTAL", Integer.toString(total));
    try (EmbeddedRegistry registry =
        EmbeddedRegistry.start(
            EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db"))
                .withLease(Duration.ofMillis(1000), Duration.ofMillis(200))
                .withLogging(false))) {
      ProcessAgent carol = ProcessAgent.start(registry, dir, "Carol", null, env);
      ProcessAgent sam = ProcessAgent.start(registry, dir, "Sam", script, env);
      List<Integer> killedAt = new ArrayList<>();
      try {
        for (int trial = 0; trial < TRIALS; trial++) {
          int killAt = trial * PER_TRIAL + 1 + random.nextInt(PER_TRIAL - 1);
          await().atMost(PATIENCE).until(() -> received(dir).size() >= killAt);
          killedAt.add(received(dir).size());
          if (victim.equals("receiver")) {
            carol.kill();
            carol = ProcessAgent.start(registry, dir, "Carol", null, env);
          } else {
            sam.kill();
            sam = ProcessAgent.start(registry, dir, "Sam", script, env);
          }
        }
        await().atMost(PATIENCE).until(() -> received(dir).size() >= total);
        List<String> expected = IntStream.rangeClosed(1, total).mapToObj(i -> "m" + i).toList();
        assertThat(received(dir))
            .as("killed the %s at %s (seed %d)", victim, killedAt, seed)
            .containsExactlyElementsOf(expected);
      } finally {
        carol.close();
        sam.close();
      }
      System.out.printf(
          "kill -9 the %s: %d trials, %d messages, 0 lost, 0 duplicated, 0 reordered (killed at %s, seed %d)%n",
          victim, TRIALS, total, killedAt, seed);
    }
  }

  /** Carol's received texts in storage order, read as `p2pchat history` reads: read-only, beside the running agent. */
  private static List<String> received(Path dir) {
    Path carolDir = dir.resolve("Carol");
    if (!Files.exists(carolDir.resolve("agent.db"))) {
      return List.of();
    }
    try (Store store = Store.openReadOnly(carolDir, "Carol")) {
      return store.history("Sam").stream().filter(m -> m.direction() == Message.Direction.IN).map(Message::text).toList();
    }
  }

  /** An agent in its own JVM, started through the launcher. */
  record ProcessAgent(Cli cli) implements AutoCloseable {
    static ProcessAgent start(EmbeddedRegistry registry, Path dir, String name, Path script, Map<String, String> env) {
      List<String> args =
          new ArrayList<>(
              List.of("agent", "--name", name, "--discovery", registry.url().toString(), "--data-dir", dir.resolve(name).toString()));
      if (script != null) {
        args.add("--script");
        args.add(script.toString());
      }
      Cli cli = Cli.run(env, args.toArray(String[]::new));
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> assertThat(cli.out()).as("stderr: %s", cli.err()).contains("agent " + name + " listening on"));
      return new ProcessAgent(cli);
    }

    void kill() {
      cli.kill();
    }

    @Override
    public void close() {
      cli.close();
    }
  }
}

package p2pchat.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash torture with real kill -9: one long stream from Sam to Carol (both agent processes, the
 * registry a process too), cut into trials of 10,000 messages. Sam's script streams only up to a
 * limit the test raises trial by trial, so the stream cannot run ahead of the kills. In each trial,
 * at a random point of its stretch, the receiver, the sender, both, or the registry is killed and
 * restarted (same data directory; the registry on the same port and database). When the receiver is
 * down the sender goes on queueing, so every receiver kill leaves messages to deliver offline; the
 * registry's death must not even pause delivery. In the end Carol's database must hold every
 * message exactly once, in order, all handled, Sam's outbox must be empty, and every database must
 * pass its integrity check. This replaces the earlier KillNineTest: the normal suite's 20 trials
 * kill the receiver's process alone 5 times and the sender's alone 5 times (plus 5 of each with
 * both and with the registry).
 *
 * <p>{@code -Dp2pchat.tortureTrials=N} (the {@code torture} profile sets 100) runs more trials,
 * {@code -Dp2pchat.seed=S} replays the plan and kill points of a run. The result line is also
 * written to {@code target/crash-torture.txt}.
 */
class CrashTortureTest {
  private static final int PER_TRIAL = 10_000;
  private static final int TRIALS = Integer.getInteger("p2pchat.tortureTrials", 20);

  /**
   * What a restarted sender or a restarted registry must see happen while the other side is down.
   */
  private static final int WHILE_DOWN = 1_000;

  private static final Duration PATIENCE = Duration.ofSeconds(180);
  private static final Path STREAM_SCRIPT =
      Path.of("src/test/resources/reliability/paced-stream.groovy");

  private enum Victim {
    RECEIVER,
    SENDER,
    BOTH,
    REGISTRY
  }

  @TempDir Path dir;

  @Test
  void noMessageIsLostDuplicatedOrReorderedWhateverIsKilledAndWhenever() throws IOException {
    long seed = Long.getLong("p2pchat.seed", System.nanoTime());
    Random random = new Random(seed);
    int total = TRIALS * PER_TRIAL;
    List<Victim> plan = new ArrayList<>();
    for (int i = 0; i < TRIALS; i++) {
      plan.add(Victim.values()[i % Victim.values().length]);
    }
    Collections.shuffle(plan, random);
    Path stream = Files.copy(STREAM_SCRIPT, dir.resolve("paced-stream.groovy"));
    Path limitFile = dir.resolve("stream-limit");
    Map<String, String> env = Map.of("STREAM_LIMIT_FILE", limitFile.toString());
    List<String> kills = new ArrayList<>();
    long started = System.nanoTime();
    String outputs;

    try (Processes.Registry registry = new Processes.Registry(dir.resolve("registry.db")).start();
        Processes.Agent carol =
            new Processes.Agent("Carol", dir.resolve("Carol"), null, registry.url(), env);
        Processes.Agent sam =
            new Processes.Agent("Sam", dir.resolve("Sam"), stream, registry.url(), env)) {
      raiseLimit(limitFile, 0);
      carol.start();
      sam.start();
      LongSupplier received = () -> carol.db().maxSeq("in", "Sam");
      LongSupplier queued = () -> sam.db().maxSeq("out", "Carol");
      try {
        for (int trial = 0; trial < TRIALS; trial++) {
          Victim victim = plan.get(trial);
          long end = (long) (trial + 1) * PER_TRIAL;
          raiseLimit(limitFile, end);
          long killAt = end - PER_TRIAL + 1 + random.nextInt(PER_TRIAL - 1);
          awaitAtLeast(received, killAt, "Carol to receive m" + killAt, kills);
          long at = received.getAsLong();
          long queuedAt = queued.getAsLong();
          long trialStart = System.nanoTime();
          switch (victim) {
            case RECEIVER -> {
              carol.kill();
              // The next stretch starts while she is down: those go out as offline messages.
              raiseLimit(limitFile, Math.min(total, end + WHILE_DOWN));
              awaitAtLeast(
                  queued,
                  Math.min(total, queuedAt + WHILE_DOWN),
                  "Sam to queue while Carol is down",
                  kills);
              carol.start();
            }
            case SENDER -> {
              sam.kill();
              sam.start();
            }
            case BOTH -> {
              if (random.nextBoolean()) {
                carol.kill();
                sam.kill();
              } else {
                sam.kill();
                carol.kill();
              }
              raiseLimit(limitFile, Math.min(total, end + WHILE_DOWN));
              sam.launch();
              carol.launch();
              sam.awaitListening();
              carol.awaitListening();
            }
            case REGISTRY -> {
              registry.kill();
              awaitAtLeast(
                  received, Math.min(end, at + WHILE_DOWN), "delivery without the registry", kills);
              registry.start();
            }
          }
          kills.add(
              String.format(
                  "%s@%d(%.1fs)",
                  victim.name().toLowerCase(), at, (System.nanoTime() - trialStart) / 1e9));
        }
        awaitAtLeast(received, total, "the whole stream", kills);
        await()
            .atMost(PATIENCE)
            .pollInterval(Duration.ofMillis(250))
            .ignoreExceptions()
            .untilAsserted(
                () -> {
                  assertThat(sam.db().undelivered("Sam")).as("Sam's outbox").isZero();
                  assertThat(carol.db().count("received"))
                      .as("Carol's unhandled messages")
                      .isZero();
                });
      } finally {
        outputs = "Carol said:\n" + carol.output() + "\nSam said:\n" + sam.output();
      }
    } // every process is killed here: the integrity check below sees what a crash leaves

    StreamCheck check = new StreamCheck(total);
    AgentDb.of(dir.resolve("Carol")).forEachReceivedText("Sam", check::add);
    String line = check.summary(TRIALS);
    String details =
        String.format(
            "crash torture: seed %d, %.0f s, kills (victim@received(down for)) %s",
            seed, (System.nanoTime() - started) / 1e9, kills);
    Files.writeString(Path.of("target", "crash-torture.txt"), line + "\n" + details + "\n");
    System.out.println(line);
    System.out.println(details);

    assertThat(line)
        .as("%s%n%s", details, outputs)
        .isEqualTo(
            "crash torture: %d trials, %d messages, 0 lost, 0 duplicated, 0 reordered",
            TRIALS, total);
    assertThat(check.unexpected()).as("texts that are not part of the stream").isZero();
    for (Path db :
        List.of(
            dir.resolve("Carol/agent.db"),
            dir.resolve("Sam/agent.db"),
            dir.resolve("registry.db"))) {
      assertThat(new AgentDb(db).integrityCheck()).as("integrity of %s", db).containsExactly("ok");
    }
  }

  /** Lets the sender's script stream up to {@code limit} (written whole, then moved into place). */
  private static void raiseLimit(Path file, long limit) throws IOException {
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.writeString(next, Long.toString(limit));
    Files.move(
        next,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static void awaitAtLeast(
      LongSupplier value, long target, String what, List<String> kills) {
    await()
        .alias(what + " (" + target + ") after kills " + kills)
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(20))
        .ignoreExceptions()
        .until(() -> value.getAsLong() >= target);
  }
}

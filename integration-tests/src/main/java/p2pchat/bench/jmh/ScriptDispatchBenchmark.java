package p2pchat.bench.jmh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import p2pchat.agent.Behavior;
import p2pchat.agent.Effects;
import p2pchat.agent.Message;
import p2pchat.agent.script.ScriptHost;
import p2pchat.bench.script.ScriptDispatchBench;

/**
 * JMH: the cost of handing one received message to a Groovy handler through the Behavior seam
 * ({@code on message {}} and an echo that replies) against a no-op Java Behavior, with Effects that
 * do nothing (dispatch, not the store). The difference is the script's dispatch overhead (issue 4
 * asks ≤ 1 µs). JMH state, shared by the benchmark's threads (handlers are called from one thread,
 * as the agent's dispatcher does).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScriptDispatchBenchmark {
  private final Behavior java = (message, effects) -> {};
  private final Effects effects = new ScriptDispatchBench.NoEffects();
  private final Message message = ScriptDispatchBench.SAMPLE;
  private Path dir;
  private ScriptHost trivial;
  private ScriptHost echo;

  @Setup
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("jmh-script");
    trivial =
        ScriptHost.load(
            Files.writeString(dir.resolve("trivial.groovy"), "on message {}\n"), "Bench", null);
    echo =
        ScriptHost.load(
            Files.writeString(
                dir.resolve("echo.groovy"), "on message { msg -> reply \"echo: ${msg.text}\" }\n"),
            "Bench",
            null);
  }

  @TearDown
  public void tearDown() throws Exception {
    trivial.close();
    echo.close();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  @Benchmark
  public void javaNoOp() throws Exception {
    java.onMessage(message, effects);
  }

  @Benchmark
  public void scriptEmptyHandler() throws Exception {
    trivial.onMessage(message, effects);
  }

  @Benchmark
  public void scriptEchoReply() throws Exception {
    echo.onMessage(message, effects);
  }
}

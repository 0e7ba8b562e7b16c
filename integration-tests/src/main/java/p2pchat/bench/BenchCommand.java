package p2pchat.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import p2pchat.harness.FileTrees;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code p2pchat bench}: every benchmark of issue 7 in one run on loopback, each figure beside its
 * baseline measured in the same run; prints a table and writes the figures as one JSON object. Not
 * thread-safe; one run per instance.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure p2pchat on this machine, each figure beside a baseline from the",
      "same run: throughput, latency, offline drain, presence, registry load,",
      "5,000 agents in one JVM; baselines: the storage and network ceilings,",
      "the naive outbox, Mosquitto. The full run takes many minutes; --quick",
      "is a smoke run of one to three minutes."
    })
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "small counts, fewer agents: a smoke run")
  boolean quick;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "also write the figures as one JSON object to FILE")
  Path json;

  @Option(
      names = "--markdown",
      paramLabel = "FILE",
      description = "also write the table as Markdown to FILE")
  Path markdown;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "where databases go (default: a new temporary directory, deleted afterwards)")
  Path dir;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "ID",
      description =
          "run only these: storage, network, e2e, latency, drain, fanin, presence, registry, http, rooms, scale, mqtt, jmh")
  java.util.Set<String> only = new java.util.LinkedHashSet<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    for (String id : only) {
      if (!BenchRun.IDS.contains(id)) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(),
            "unknown benchmark '" + id + "' for --only; valid: " + String.join(", ", BenchRun.IDS));
      }
    }
    Sizes sizes = quick ? Sizes.quickRun() : Sizes.fullRun();
    Path work =
        dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("p2pchat-bench");
    Results results = new Results();
    String machine = Machine.describe();
    String loadBefore = Machine.loadAverage();
    out.printf(
        Locale.ROOT,
        "p2pchat bench%s on %s%nload average before: %s; databases in %s%n%n",
        quick ? " --quick" : "",
        machine,
        loadBefore,
        work);
    out.flush();
    long t0 = System.nanoTime();
    boolean failed;
    try {
      BenchRun run = new BenchRun(sizes, work, results, out);
      run.all(only);
      failed = run.failed();
    } finally {
      if (dir == null) {
        FileTrees.delete(work);
      }
    }
    String loadAfter = Machine.loadAverage();
    String command = command();
    results.putText("machine", machine);
    results.putText("load_before", loadBefore);
    results.putText("load_after", loadAfter);
    results.putText("command", command);
    results.put("quick", quick ? 1 : 0);
    results.put("cpus", Runtime.getRuntime().availableProcessors());
    results.put("bench_seconds", (System.nanoTime() - t0) / 1e9);
    Report.addRows(results, sizes);

    out.println();
    out.print(results.table());
    out.printf(
        Locale.ROOT,
        "%nmachine: %s%nload average before: %s, after: %s; run took %.0f s%nreproduce: %s%n",
        machine,
        loadBefore,
        loadAfter,
        (System.nanoTime() - t0) / 1e9,
        command);
    if (json != null) {
      results.writeJson(json);
      out.println("figures written to " + json.toAbsolutePath());
    }
    if (markdown != null) {
      Files.writeString(markdown, results.markdown());
      out.println("table written to " + markdown.toAbsolutePath());
    }
    out.flush();
    return failed ? 1 : 0;
  }

  private String command() {
    return "bin/p2pchat bench"
        + (quick ? " --quick" : "")
        + (only.isEmpty() ? "" : " --only " + String.join(",", only))
        + (json != null ? " --json " + json : "");
  }
}

package p2pchat.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import p2pchat.e2e.Cli;

/**
 * One finished run of {@code bin/p2pchat} as a new user would see it: with the logging
 * configuration users get (logs on stderr), so that "one line on stderr" means what it says.
 * Immutable.
 */
record CliRun(List<String> args, int exit, String out, String err) {
  private static final Path USER_LOGGING =
      Path.of("..", "agent", "src", "main", "resources", "logback.xml")
          .toAbsolutePath()
          .normalize();
  private static final int BATCH = 4;

  static Map<String, String> userEnv() {
    Map<String, String> env = new HashMap<>();
    env.put(
        "P2PCHAT_JAVA_OPTS",
        "-Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
            + " -Dlogback.configurationFile="
            + USER_LOGGING);
    return env;
  }

  /**
   * The command line {@code agent --name NAME --discovery URL --data-dir DIR}, then {@code
   * options}.
   */
  static String[] agent(String name, String discovery, Path dataDir, String... options) {
    return Stream.concat(
            Stream.of(
                "agent",
                "--name",
                name,
                "--discovery",
                discovery,
                "--data-dir",
                dataDir.toString()),
            Stream.of(options))
        .toArray(String[]::new);
  }

  /** Starts a run with the users' logging; the caller owns (closes) it. */
  static Cli start(String... args) {
    return Cli.run(userEnv(), args);
  }

  /** Runs each command line to its end, a few at a time (the JVMs start in parallel). */
  static List<CliRun> all(List<List<String>> commandLines) {
    List<CliRun> runs = new ArrayList<>();
    for (int from = 0; from < commandLines.size(); from += BATCH) {
      List<List<String>> batch =
          commandLines.subList(from, Math.min(commandLines.size(), from + BATCH));
      List<Cli> started = batch.stream().map(a -> start(a.toArray(String[]::new))).toList();
      for (int i = 0; i < batch.size(); i++) {
        try (Cli cli = started.get(i)) {
          int exit = cli.waitFor(120);
          runs.add(new CliRun(batch.get(i), exit, cli.out(), cli.err()));
        }
      }
    }
    return runs;
  }

  static CliRun of(String... args) {
    return all(List.of(Arrays.asList(args))).get(0);
  }

  /**
   * Exit non-zero, exactly one line on stderr containing {@code problem}, no stack trace anywhere.
   */
  CliRun failsWithOneLine(String problem) {
    List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
    assertThat(exit).as("exit code of %s (stderr: %s)", args, err).isNotIn(0, -1);
    assertThat(lines).as("stderr of %s", args).hasSize(1);
    assertThat(lines.get(0)).as("stderr of %s", args).contains(problem);
    assertThat(out + err)
        .as("output of %s", args)
        .doesNotContain("\tat ", "Exception in thread", "Caused by");
    return this;
  }
}

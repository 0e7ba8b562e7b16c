package p2pchat.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code p2pchat demo}: the first command to try. Runs the Sam-and-Carol scenario (a registry, two
 * agents, Carol going away and coming back, nothing lost), prints its progress and where its HTML
 * report is.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the Sam-and-Carol scenario and show where its HTML report is: the whole product in one command.")
public final class DemoCommand implements Callable<Integer> {
  static final String DEMO = "scenarios/sam-and-carol.groovy";

  @Option(
      names = "--report",
      paramLabel = "DIR",
      defaultValue = "scenario-reports",
      description = "where to write the HTML report (default: ${DEFAULT-VALUE})")
  Path report;

  @Override
  public Integer call() throws Exception {
    Path file = find();
    if (file == null) {
      System.err.println(
          "p2pchat demo: cannot find "
              + DEMO
              + "; run it from the p2pchat folder (or set P2PCHAT_HOME)");
      return 2;
    }
    System.out.println(
        "p2pchat demo: a registry and two agents, Sam and Carol, on this machine; Carol goes away and comes back.");
    System.out.println();
    return ScenarioCommand.run(List.of(file), report, null);
  }

  private static Path find() {
    String home = System.getenv("P2PCHAT_HOME");
    for (Path dir = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        dir != null;
        dir = dir.getParent()) {
      Path f = dir.resolve(DEMO);
      if (Files.isRegularFile(f)) {
        return dir.relativize(f).isAbsolute() ? f : f;
      }
    }
    return null;
  }
}

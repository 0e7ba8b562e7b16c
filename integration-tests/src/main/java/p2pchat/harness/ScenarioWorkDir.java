package p2pchat.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The temporary folder of one scenario run, {@code p2pchat-scenario-PID-...} under {@code
 * java.io.tmpdir}: made fresh for the run (first sweeping the folders of runs that were killed),
 * then removed, or copied beside the report first when a check failed. Stateless; several runners
 * may share a JVM.
 */
final class ScenarioWorkDir {
  private static final String PREFIX = "p2pchat-scenario-";

  private ScenarioWorkDir() {}

  /** A new folder for a run, after removing those of runs whose process is gone. */
  static Path create() throws IOException {
    sweepLeftovers();
    return Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
  }

  /** Removes the folders of runs that were killed (kill -9 runs no hook): their process is gone. */
  private static void sweepLeftovers() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (var dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
      for (Path d : dirs) {
        String rest = d.getFileName().toString().substring(PREFIX.length());
        int dash = rest.indexOf('-');
        if (dash > 0 && rest.substring(0, dash).chars().allMatch(Character::isDigit)) {
          long pid = Long.parseLong(rest.substring(0, dash));
          if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            continue;
          }
          FileTrees.deleteQuietly(d);
        }
      }
    } catch (IOException | RuntimeException e) {
      // another user's folder, or none: nothing to sweep
    }
  }
}

package p2pchat.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the project's scenario files are, seen from the test's working folder. */
final class Scenarios {
  private Scenarios() {}

  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("scenarios"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no scenarios/ folder above " + Path.of("").toAbsolutePath());
  }

  static List<Path> all() {
    try (var files = Files.list(root().resolve("scenarios"))) {
      return files.filter(f -> f.toString().endsWith(".groovy")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path bad(String name) {
    return Path.of("src/test/resources/bad-scenarios", name).toAbsolutePath();
  }

  static Path reports() {
    return Path.of("target", "scenario-reports").toAbsolutePath();
  }
}

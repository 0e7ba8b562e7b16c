package p2pchat.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Whole folders removed or copied: a scenario's temporary folder, a benchmark's data. Stateless and
 * thread-safe (two callers on one folder race as on any file system).
 */
public final class FileTrees {
  private FileTrees() {}

  /** Removes {@code root} and everything below it, deepest first; stops at the first failure. */
  public static void delete(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * As {@link #delete}, going on past what cannot be removed (it stays): a temporary folder left
   * behind is harmless.
   */
  public static void deleteQuietly(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // left behind
    }
  }

  /** Copies {@code from} to {@code to} (replaced if it exists); false if a file could not be. */
  public static boolean copy(Path from, Path to) {
    deleteQuietly(to);
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

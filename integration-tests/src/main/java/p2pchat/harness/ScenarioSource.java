package p2pchat.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scenario file: its text, its lines (steps are labelled with their own source line), and the
 * lookups that need its location — which line of it is running now, where a script named in it
 * lives. Immutable; thread-safe.
 */
final class ScenarioSource {
  private static final StackWalker WALKER = StackWalker.getInstance();

  private final Path file;
  private final String text;
  private final List<String> lines;

  private ScenarioSource(Path file, String text) {
    this.file = file;
    this.text = text;
    this.lines = text.lines().toList();
  }

  /** No file: a scenario driven from Java; scripts resolve from the working folder. */
  static ScenarioSource none(String name) {
    return new ScenarioSource(
        Path.of("").toAbsolutePath().resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".java"),
        "");
  }

  ScenarioSource(Path file) {
    this.file = file.toAbsolutePath().normalize();
    try {
      this.text = Files.readString(this.file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.lines = text.lines().toList();
  }

  Path file() {
    return file;
  }

  String fileName() {
    return file.getFileName().toString();
  }

  String text() {
    return text;
  }

  /** The line of this file that is running now (0 when called from elsewhere). */
  int callerLine() {
    String name = fileName();
    return WALKER
        .walk(s -> s.filter(f -> name.equals(f.getFileName()) && f.getLineNumber() > 0).findFirst())
        .map(StackWalker.StackFrame::getLineNumber)
        .orElse(0);
  }

  /** The first line of this file in a throwable's stack, for "(file, line N)". */
  Optional<Integer> lineOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      for (StackTraceElement e : c.getStackTrace()) {
        if (fileName().equals(e.getFileName()) && e.getLineNumber() > 0) {
          return Optional.of(e.getLineNumber());
        }
      }
    }
    return Optional.empty();
  }

  /** The source text of a line, trimmed and shortened, or the word when the line is unknown. */
  String label(int line, String word) {
    if (line < 1 || line > lines.size()) {
      return word;
    }
    String s = lines.get(line - 1).strip();
    int comment = s.indexOf(" //");
    if (comment > 0) {
      s = s.substring(0, comment).strip();
    }
    return s.length() > 72 ? s.substring(0, 69) + "..." : s;
  }

  String line(int line) {
    return line < 1 || line > lines.size() ? "" : lines.get(line - 1);
  }

  /** "(file, line N)" or "(file)". */
  String at(Integer line) {
    return "(" + fileName() + (line == null || line < 1 ? "" : ", line " + line) + ")";
  }

  /**
   * A bot script named in the scenario: relative to this file's folder or one of its parents (so
   * {@code scripts/echo.groovy} is found from {@code scenarios/}), or to the working folder.
   */
  Path resolveScript(String name) {
    Path given = Path.of(name);
    List<Path> tried = new ArrayList<>();
    if (given.isAbsolute()) {
      tried.add(given);
    } else {
      for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
        tried.add(dir.resolve(given));
      }
      tried.add(Path.of("").toAbsolutePath().resolve(given));
    }
    for (Path p : tried) {
      if (Files.isRegularFile(p)) {
        return p.normalize();
      }
    }
    throw new ScenarioError(
        "script '"
            + name
            + "' not found (looked next to "
            + fileName()
            + " and in its parent folders)",
        "a path like scripts/echo.groovy or scenarios/scripts/ring.groovy");
  }
}

package p2pchat.harness;

import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.codehaus.groovy.runtime.GroovyCategorySupport;
import p2pchat.agent.AgentException;

/**
 * Runs scenario files: compiles each, runs every {@code scenario(...)} block in it with fresh peers
 * in a temporary directory, classifies the outcome (passed / failed check / wrong scenario), writes
 * the HTML report and tells a {@link Progress}. One run at a time per instance; several runners may
 * share a JVM.
 */
public final class ScenarioRunner {
  private static final int LOG_LINES = 15;
  private static final String PREFIX = "p2pchat-scenario-";
  private static final List<Class> CATEGORIES = List.of(DurationCategory.class, SizeCategory.class);

  private final Path reportDir; // null: no HTML
  private final Progress progress;
  private final Long seed; // null: each nemesis uses its file's seed
  private final Path historyFile; // null: no saved history

  /** A runner whose nemeses take {@code -Dp2pchat.seed} if it is set. */
  public ScenarioRunner(Path reportDir, Progress progress) {
    this(reportDir, progress, Long.getLong("p2pchat.seed"));
  }

  /** A runner whose every nemesis uses {@code seed} (null: the file's) — {@code --seed}. */
  public ScenarioRunner(Path reportDir, Progress progress, Long seed) {
    this(reportDir, progress, seed, null);
  }

  /**
   * A runner that also appends each scenario's history to {@code historyFile} as JSON lines ({@code
   * --history}); the file must exist ({@link HistoryFile#create}).
   */
  public ScenarioRunner(Path reportDir, Progress progress, Long seed, Path historyFile) {
    this.reportDir = reportDir;
    this.progress = progress;
    this.seed = seed;
    this.historyFile = historyFile;
    SqliteNative.share();
  }

  public List<ScenarioResult> run(List<Path> files) {
    List<ScenarioResult> all = new ArrayList<>();
    for (Path f : files) {
      all.addAll(run(f));
    }
    return all;
  }

  public List<ScenarioResult> run(Path file) {
    long t0 = System.currentTimeMillis();
    if (!Files.isRegularFile(file)) {
      return List.of(
          error(
              file,
              file.getFileName().toString(),
              "("
                  + file
                  + ") no such scenario file; valid: a path to a .groovy scenario, e.g. scenarios/sam-and-carol.groovy",
              t0));
    }
    ScenarioSource source = new ScenarioSource(file);
    ScenarioScript script;
    try {
      script = ScenarioCompiler.compile(source);
      GroovyCategorySupport.use(
          CATEGORIES,
          new groovy.lang.Closure<Object>(this) {
            public Object doCall() {
              return script.run();
            }
          });
    } catch (ScenarioCompiler.Positioned e) {
      return List.of(error(file, source.fileName(), e.getMessage(), t0));
    } catch (RuntimeException e) {
      return List.of(error(file, source.fileName(), explain(source, e), t0));
    }
    if (script.definitions().isEmpty()) {
      return List.of(
          error(
              file,
              source.fileName(),
              source.at(null) + " has no scenario; valid: scenario('what it shows') { ... }",
              t0));
    }
    List<ScenarioResult> results = new ArrayList<>();
    List<ScenarioScript.Definition> defs = script.definitions();
    for (int i = 0; i < defs.size(); i++) {
      results.add(runOne(source, script, defs.get(i), defs.size() == 1 ? "" : "-" + (i + 1)));
    }
    return results;
  }

  private ScenarioResult runOne(
      ScenarioSource source, ScenarioScript script, ScenarioScript.Definition def, String suffix) {
    progress.scenarioStarted(source, def.name());
    long t0 = System.currentTimeMillis();
    Path work;
    try {
      sweepLeftovers();
      work = Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
    } catch (IOException e) {
      return error(
          source.file(), def.name(), "cannot create a temporary directory: " + e.getMessage(), t0);
    }
    Scenario scenario = new Scenario(source, def.name(), work, progress);
    scenario.seedOverride(seed);
    // Ctrl-C (or any other end of the JVM) during the run: stop what runs, remove the folder
    Thread interrupted =
        new Thread(
            () -> {
              ConsoleLogging.silence();
              try {
                scenario.close();
              } catch (RuntimeException | Error ignored) {
                // ending anyway
              }
              deleteTree(work);
            },
            "scenario-interrupted");
    Runtime.getRuntime().addShutdownHook(interrupted);
    Throwable failure = null;
    History history = null;
    Map<String, List<String>> tails = Map.of();
    script.current(scenario);
    try {
      if (def.firstHostPeer() != null) {
        scenario.useHosts(def.firstHostPeer()); // or skipped, where host peers cannot run
      }
      GroovyCategorySupport.use(CATEGORIES, def.body());
      scenario.finalChecks();
    } catch (Throwable t) {
      failure = t;
    } finally {
      scenario.timeline().flush();
      try {
        history = scenario.history();
      } catch (RuntimeException e) {
        failure = failure != null ? failure : e;
      }
      tails = scenario.logTails(LOG_LINES);
      try {
        scenario.close();
      } catch (RuntimeException e) {
        failure = failure != null ? failure : e;
      }
      script.current(null);
      try {
        Runtime.getRuntime().removeShutdownHook(interrupted);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it cleans up
      }
    }
    ScenarioResult.Outcome outcome = classify(failure);
    String message = failure == null ? null : explain(source, failure);
    if (outcome == ScenarioResult.Outcome.PASSED) {
      deleteTree(work);
    } else if (outcome == ScenarioResult.Outcome.FAILED && !scenario.peers().isEmpty()) {
      // the temporary folder goes; the peers' databases and logs stay beside the report
      Path kept = reportDir == null ? null : reportDir.resolve(stem(source) + suffix + "-data");
      if (kept != null && copyTree(work, kept)) {
        message = message + "\n(peer data and logs kept in " + kept + ")";
      }
      deleteTree(work);
    } else {
      deleteTree(work);
      tails = Map.of(); // the scenario itself is wrong: the peers' logs say nothing about it
    }
    if (historyFile != null && history != null) {
      try {
        HistoryFile.append(
            historyFile,
            source.fileName() + ": " + def.name(),
            outcome.name(),
            history,
            scenario.expectations().expired(),
            scenario.timeline().marks());
      } catch (IOException e) {
        message =
            (message == null ? "" : message + "\n")
                + "(the history could not be written to "
                + historyFile
                + ": "
                + e.getMessage()
                + ")";
      }
    }
    int messages = history == null ? 0 : history.flows().size();
    Path report = null;
    ScenarioResult result =
        new ScenarioResult(
            source.file(),
            def.name(),
            outcome,
            System.currentTimeMillis() - t0,
            message,
            scenario.timeline().steps(),
            tails,
            messages,
            null);
    if (reportDir != null) {
      report = reportDir.resolve(stem(source) + suffix + ".html");
      try {
        HtmlReport.write(report, result, source, scenario, history);
      } catch (IOException | RuntimeException e) {
        report = null;
      }
    }
    result =
        new ScenarioResult(
            result.file(),
            result.name(),
            outcome,
            result.millis(),
            message,
            result.steps(),
            tails,
            messages,
            report);
    progress.scenarioFinished(result);
    return result;
  }

  private ScenarioResult error(Path file, String name, String message, long t0) {
    ScenarioResult r =
        new ScenarioResult(
            file,
            name,
            ScenarioResult.Outcome.ERROR,
            System.currentTimeMillis() - t0,
            message,
            List.of(),
            Map.of(),
            0,
            null);
    progress.scenarioFinished(r);
    return r;
  }

  static String stem(ScenarioSource source) {
    return stem(source.fileName());
  }

  static String stem(String n) {
    return n.endsWith(".groovy") ? n.substring(0, n.length() - 7) : n;
  }

  static ScenarioResult.Outcome classify(Throwable t) {
    if (t == null) {
      return ScenarioResult.Outcome.PASSED;
    }
    if (t instanceof ScenarioSkipped) {
      return ScenarioResult.Outcome.SKIPPED;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof p2pchat.agent.script.ScriptException) {
        return ScenarioResult.Outcome.ERROR; // a bot script named by the scenario does not compile
      }
    }
    if (t instanceof AssertionError || t instanceof AgentException) {
      return ScenarioResult.Outcome.FAILED;
    }
    return ScenarioResult.Outcome.ERROR;
  }

  /** One message: "(file, line N) what; valid: ...", power-assert diagrams kept whole. */
  static String explain(ScenarioSource source, Throwable t) {
    if (t instanceof ScenarioSkipped) {
      return t.getMessage(); // one line that says what this machine lacks
    }
    String at = source.at(source.lineOf(t).orElse(null));
    if (t instanceof ScenarioError e) {
      return at + " " + e.describe();
    }
    if (t instanceof CheckFailure) {
      return at + " " + t.getMessage();
    }
    if (t instanceof AssertionError) {
      return at + " check failed:\n" + t.getMessage();
    }
    if (t instanceof MissingMethodException e) {
      return at
          + " unknown word '"
          + e.getMethod()
          + "' for "
          + what(e.getType())
          + "; valid: "
          + words(e.getType());
    }
    if (t instanceof MissingPropertyException e) {
      return at
          + " unknown name '"
          + e.getProperty()
          + "' for "
          + what(e.getType())
          + "; valid: "
          + words(e.getType())
          + (ScenarioScript.class.isAssignableFrom(e.getType() == null ? Object.class : e.getType())
              ? ", or a variable declared with def"
              : "");
    }
    if (t instanceof AgentException) {
      return at + " agent failed: " + t.getMessage();
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return at
        + " "
        + msg.replaceAll("\\s*\\n\\s*", " ")
        + (t instanceof RuntimeException && !(t instanceof IllegalStateException)
            ? " (" + t.getClass().getSimpleName() + ")"
            : "");
  }

  private static String what(Class<?> type) {
    if (type == null || ScenarioScript.class.isAssignableFrom(type)) {
      return "a scenario";
    }
    return Map.of(
            Peer.class,
            "a peer",
            RegistryHandle.class,
            "the registry",
            Link.class,
            "a link",
            Checks.class,
            "check",
            LatencySummary.class,
            "a latency summary")
        .getOrDefault(type, type.getSimpleName());
  }

  /** The DSL words of a type: its public methods (getters as property names), sorted. */
  static String words(Class<?> type) {
    if (type == null || ScenarioScript.class.isAssignableFrom(type)) {
      return String.join(", ", ScenarioScript.WORDS);
    }
    TreeSet<String> names = new TreeSet<>();
    for (Method m : type.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers())
          || Modifier.isStatic(m.getModifiers())
          || m.getName().equals("toString")
          || m.getName().equals("equals")
          || m.getName().equals("hashCode")) {
        continue;
      }
      String n = m.getName();
      if (n.startsWith("get") && n.length() > 3 && m.getParameterCount() == 0) {
        n = Character.toLowerCase(n.charAt(3)) + n.substring(4);
      } else if (n.startsWith("is") && n.length() > 2 && m.getParameterCount() == 0) {
        n = Character.toLowerCase(n.charAt(2)) + n.substring(3);
      }
      names.add(n);
    }
    return names.stream().collect(Collectors.joining(", "));
  }

  static List<Path> expand(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (var s = Files.list(p)) {
          s.filter(f -> f.toString().endsWith(".groovy")).sorted().forEach(files::add);
        }
      } else {
        files.add(p);
      }
    }
    return files;
  }

  /**
   * Removes the folders of runs that were killed (kill -9 runs no hook): {@code
   * p2pchat-scenario-PID-...} whose process is gone.
   */
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
          deleteTree(d);
        }
      }
    } catch (IOException | RuntimeException e) {
      // another user's folder, or none: nothing to sweep
    }
  }

  private static boolean copyTree(Path from, Path to) {
    deleteTree(to);
    try (var walk = Files.walk(from)) {
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

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }
}

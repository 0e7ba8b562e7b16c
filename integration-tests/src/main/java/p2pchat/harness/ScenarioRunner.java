package p2pchat.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.runtime.GroovyCategorySupport;

/**
 * Runs scenario files: compiles each, runs every {@code scenario(...)} block in it with fresh peers
 * in a temporary directory, classifies the outcome (passed / failed check / wrong scenario), writes
 * the HTML report and tells a {@link Progress}. One run at a time per instance; several runners may
 * share a JVM.
 */
public final class ScenarioRunner {
  private static final int LOG_LINES = 15;
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
      return List.of(error(file, source.fileName(), ScenarioFailures.explain(source, e), t0));
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
      work = ScenarioWorkDir.create();
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
              FileTrees.deleteQuietly(work);
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
    ScenarioResult.Outcome outcome = ScenarioFailures.classify(failure);
    String message = failure == null ? null : ScenarioFailures.explain(source, failure);
    if (outcome == ScenarioResult.Outcome.PASSED) {
      FileTrees.deleteQuietly(work);
    } else if (outcome == ScenarioResult.Outcome.FAILED && !scenario.peers().isEmpty()) {
      // the temporary folder goes; the peers' databases and logs stay beside the report
      Path kept = reportDir == null ? null : reportDir.resolve(stem(source) + suffix + "-data");
      if (kept != null && FileTrees.copy(work, kept)) {
        message = message + "\n(peer data and logs kept in " + kept + ")";
      }
      FileTrees.deleteQuietly(work);
    } else {
      FileTrees.deleteQuietly(work);
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
    result = result.withReport(report);
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
}

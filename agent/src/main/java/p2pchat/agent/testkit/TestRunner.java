package p2pchat.agent.testkit;

import groovy.lang.MissingMethodException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.codehaus.groovy.runtime.InvokerInvocationException;
import p2pchat.agent.script.ScriptCache;
import p2pchat.agent.script.ScriptException;
import p2pchat.agent.script.ScriptHost;

/**
 * Runs bot test files: compiles each, reads its {@code bot} and {@code test} blocks, compiles the
 * bot once (into a cache every test of the run shares), then runs each test against a fresh {@link
 * BotTest}. Results say passed, failed (with the file's line, what was expected and what happened)
 * or error (the file is wrong: its line and what to write instead). Not thread-safe: one run at a
 * time.
 */
public final class TestRunner {

  /** How each word is written, for a word used with the wrong arguments. */
  private static final Map<String, String> USAGE =
      Map.ofEntries(
          Map.entry("bot", "bot 'reminder.groovy'"),
          Map.entry("startAt", "startAt '2025-01-06T08:59:00Z'"),
          Map.entry("test", "test('what it shows') { ... }"),
          Map.entry("say", "say 'Sam', 'hi' or say('Sam', 'hi', room: '#ops')"),
          Map.entry("expectReply", "expectReply 'ok' or expectReply ~/^ok/"),
          Map.entry("expectSent", "expectSent to: 'Sam', text: 'hi'"),
          Map.entry("expectNothing", "expectNothing()"),
          Map.entry("expectError", "expectError ~/Division by zero/"),
          Map.entry("advance", "advance 5.minutes"),
          Map.entry("restart", "restart()"),
          Map.entry("peer", "peer('Carol', status: 'online')"),
          Map.entry("goOffline", "goOffline('Carol')"),
          Map.entry("webhook", "webhook('/deploy', json: [service: 'api'])"),
          Map.entry("delivered", "delivered() or delivered(to: 'Carol')"),
          Map.entry("expire", "expire() or expire(to: 'Carol')"));

  private final Path workingDirectory;
  private final ScriptCache cache = new ScriptCache();
  private long compileNanos;

  /** Bots are looked for beside their test file, then in {@code workingDirectory}. */
  public TestRunner(Path workingDirectory) {
    this.workingDirectory = workingDirectory;
  }

  public TestRunner() {
    this(Path.of("").toAbsolutePath());
  }

  /** The time spent so far compiling test files and their bots (not part of any test's time). */
  public double compileMillis() {
    return compileNanos / 1e6;
  }

  /** Runs every test of {@code file}; each result goes to {@code each} as soon as it is known. */
  public List<TestResult> run(Path file, Consumer<TestResult> each) {
    List<TestResult> results = new ArrayList<>();
    Consumer<TestResult> out =
        r -> {
          results.add(r);
          each.accept(r);
        };
    String fileName = file.getFileName().toString();
    Prepared ready;
    long compileStarted = System.nanoTime();
    try {
      ready = prepare(file);
    } catch (TestFileError e) {
      out.accept(new TestResult(file, fileName, TestResult.Outcome.ERROR, 0, e.getMessage()));
      return results;
    } finally {
      compileNanos += System.nanoTime() - compileStarted;
    }
    TestScript script = ready.script();
    Path bot = ready.bot();
    for (TestScript.Definition test : script.tests()) {
      out.accept(runOne(file, script, bot, test));
    }
    return results;
  }

  /**
   * Checks {@code file} without running its tests, for {@code p2pchat check}: it compiles, its top
   * level runs, and its bot is there and loads. Returns the one-line error, or null if it is fine.
   */
  public String check(Path file) {
    try {
      prepare(file);
      return null;
    } catch (TestFileError e) {
      return e.getMessage();
    }
  }

  /** A file read and its bot compiled, ready for its tests to run. */
  private record Prepared(TestScript script, Path bot) {}

  private Prepared prepare(Path file) {
    TestScript script = TestCompiler.compile(file);
    try {
      script.run();
    } catch (RuntimeException e) {
      throw new TestFileError(where(script.fileName(), e, 0) + describe(e));
    }
    Path bot = findBot(file, script);
    compileBot(script, bot);
    return new Prepared(script, bot);
  }

  private TestResult runOne(Path file, TestScript script, Path bot, TestScript.Definition test) {
    String fileName = script.fileName();
    long started = System.nanoTime();
    TestResult.Outcome outcome = TestResult.Outcome.PASSED;
    String message = null;
    BotTest b = null;
    try {
      b =
          BotTest.of(bot)
              .name(script.botLine().name())
              .startAt(script.startMoment())
              .cache(cache)
              .start();
      script.current(b);
      test.body().call();
      BotTest done = b;
      b = null;
      done.close();
    } catch (Throwable t) {
      Throwable e = unwrap(t);
      if (e instanceof VirtualMachineError v && !(e instanceof StackOverflowError)) {
        throw v;
      }
      outcome = e instanceof AssertionError ? TestResult.Outcome.FAILED : TestResult.Outcome.ERROR;
      message = where(fileName, e, test.line()) + describe(e);
    } finally {
      script.current(null);
      if (b != null) {
        try {
          b.close();
        } catch (AssertionError ignored) {
          // the test failed already; that failure is the one to show
        }
      }
    }
    return new TestResult(file, test.name(), outcome, (System.nanoTime() - started) / 1e6, message);
  }

  private Path findBot(Path file, TestScript script) {
    String fileName = file.getFileName().toString();
    TestScript.BotLine line = script.botLine();
    if (line == null) {
      throw new TestFileError(
          "(" + fileName + ") names no bot; write at its top: bot 'NAME.groovy'");
    }
    if (script.tests().isEmpty()) {
      throw new TestFileError(
          "("
              + fileName
              + ") has no test; write test('what it shows') { say 'Sam', 'hi'; expectReply"
              + " 'hello' }");
    }
    Path dir = file.toAbsolutePath().getParent();
    Path beside = dir.resolve(line.path());
    if (Files.isRegularFile(beside)) {
      return beside;
    }
    Path here = workingDirectory.resolve(line.path());
    if (Files.isRegularFile(here)) {
      return here;
    }
    throw new TestFileError(
        "("
            + fileName
            + ", line "
            + line.line()
            + ") bot '"
            + line.path()
            + "': no such file beside the test file ("
            + dir
            + ") or in the working directory ("
            + workingDirectory
            + ")");
  }

  /** Compiles the bot once for the whole run; a broken bot is this file's error. */
  private void compileBot(TestScript script, Path bot) {
    try {
      ScriptHost.load(bot, script.botLine().name(), null, cache).close();
    } catch (ScriptException e) {
      throw new TestFileError(
          "("
              + script.fileName()
              + ", line "
              + script.botLine().line()
              + ") bot '"
              + script.botLine().path()
              + "' does not load: "
              + e.getMessage());
    }
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while (cur instanceof InvokerInvocationException && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  /** {@code (file, line N) }: the test file's line the throwable came from, else {@code line}. */
  private static String where(String fileName, Throwable t, int fallback) {
    int line = fallback;
    for (StackTraceElement e : t.getStackTrace()) {
      if (fileName.equals(e.getFileName()) && e.getLineNumber() > 0) {
        line = e.getLineNumber();
        break;
      }
    }
    return line > 0 ? "(" + fileName + ", line " + line + ") " : "(" + fileName + ") ";
  }

  private static String describe(Throwable e) {
    if (e instanceof MissingMethodException m && USAGE.containsKey(m.getMethod())) {
      return m.getMethod() + " is not written like that; write: " + USAGE.get(m.getMethod());
    }
    if (e instanceof AssertionError || e instanceof IllegalArgumentException) {
      return e.getMessage();
    }
    if (e instanceof ScriptException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}

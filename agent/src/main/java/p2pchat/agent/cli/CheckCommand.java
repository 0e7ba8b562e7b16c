package p2pchat.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import p2pchat.agent.script.ScriptException;
import p2pchat.agent.script.ScriptHost;
import p2pchat.agent.testkit.TestRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code p2pchat check FILE...}: compiles bot scripts and loads them (their top level registers
 * handlers) without starting an agent; a bot test file ({@code NAME.test.groovy}) is compiled with
 * the test kit's words and its bot loaded, without running its tests. Prints {@code ok: FILE} or
 * the one-line error for each; exit code 0 if all are fine, 1 otherwise. Not thread-safe (one run
 * per instance).
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Compiles bot scripts and reports their errors (file, line, what) without starting an agent.")
public final class CheckCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Groovy bot scripts to check.")
  List<Path> files;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failed = 0;
    TestRunner tests = new TestRunner();
    for (Path file : files) {
      if (file.getFileName().toString().endsWith(".test.groovy")) {
        String problem = tests.check(file); // a bot test file: its words, and that its bot loads
        if (problem == null) {
          out.println("ok: " + file);
        } else {
          err.println(problem);
          failed++;
        }
        continue;
      }
      try {
        ScriptHost.check(file);
        out.println("ok: " + file);
      } catch (ScriptException e) {
        err.println(e.getMessage());
        failed++;
      }
    }
    out.flush();
    err.flush();
    return failed == 0 ? 0 : 1;
  }
}

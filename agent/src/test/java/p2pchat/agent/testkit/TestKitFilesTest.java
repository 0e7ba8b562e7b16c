package p2pchat.agent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.cli.Cli;
import p2pchat.agent.cli.TestCommand;
import picocli.CommandLine;

/** Bot test files: what a wrong one says, and the exit codes of bin/p2pchat test. */
class TestKitFilesTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private List<TestResult> run(Path file) {
    return new TestRunner(dir).run(file, r -> {});
  }

  @Test
  void anUnknownWordNamesTheFileLineValidWordsAndTheClosest() throws IOException {
    write("echo.groovy", "on message { msg -> reply msg.text }");
    Path file = write("echo.test.groovy", "bot 'echo.groovy'\ntest('x') {\n  sey 'Sam', 'hi'\n}\n");
    TestResult r = run(file).get(0);
    assertThat(r.outcome()).isEqualTo(TestResult.Outcome.ERROR);
    assertThat(r.message())
        .startsWith("(echo.test.groovy, line 3, column 3) unknown word 'sey' (did you mean 'say'?)")
        .contains("in a test: say, expectReply, expectSent");
  }

  @Test
  void aFileWithoutABotOrATestOrWithAMissingBotIsWrong() throws IOException {
    assertThat(run(write("a.test.groovy", "test('x') { }")).get(0).message())
        .isEqualTo("(a.test.groovy) names no bot; write at its top: bot 'NAME.groovy'");
    assertThat(run(write("b.test.groovy", "bot 'nope.groovy'\ntest('x') { }")).get(0).message())
        .startsWith("(b.test.groovy, line 1) bot 'nope.groovy': no such file beside the test file");
    write("broken.groovy", "on message { msg -> sned 'x' }");
    assertThat(run(write("c.test.groovy", "bot 'broken.groovy'\ntest('x') { }")).get(0).message())
        .startsWith(
            "(c.test.groovy, line 1) bot 'broken.groovy' does not load: (broken.groovy, line 1");
  }

  @Test
  void aFailedExpectationAndAFalseComparisonAreFailuresWithTheirLine() throws IOException {
    write("echo.groovy", "on message { msg -> state.n = 1; reply msg.text }");
    Path file =
        write(
            "echo.test.groovy",
            """
            bot 'echo.groovy'
            test('reply') {
                say 'Sam', 'hi'
                expectReply 'ho'
            }
            test('state') {
                say 'Sam', 'hi'
                state.n == 2
            }
            test('wrong use') {
                say 'Sam'
            }
            """);
    List<TestResult> results = run(file);
    assertThat(results.get(0).outcome()).isEqualTo(TestResult.Outcome.FAILED);
    assertThat(results.get(0).message())
        .startsWith("(echo.test.groovy, line 4) expectReply 'ho'\n  expected: to Sam: 'ho'");
    assertThat(results.get(1).outcome()).isEqualTo(TestResult.Outcome.FAILED);
    assertThat(results.get(1).message()).startsWith("(echo.test.groovy, line 8) state.n == 2");
    assertThat(results.get(2).outcome()).isEqualTo(TestResult.Outcome.ERROR);
    assertThat(results.get(2).message())
        .isEqualTo(
            "(echo.test.groovy, line 11) say is not written like that; write: say 'Sam', 'hi' or"
                + " say('Sam', 'hi', room: '#ops')");
  }

  @Test
  void theCommandExitsZeroOneOrTwoAndWritesJUnitXml() throws IOException {
    write("echo.groovy", "on message { msg -> reply msg.text }");
    Path pass =
        write("pass.test.groovy", "bot 'echo.groovy'\ntest('x') { say 'S', 'a'; expectReply 'a' }");
    Path fail =
        write("fail.test.groovy", "bot 'echo.groovy'\ntest('x') { say 'S', 'a'; expectReply 'b' }");
    Path wrong = write("wrong.test.groovy", "bot 'echo.groovy'\ntest('x') { nonsense() }");
    Path xml = dir.resolve("out/junit.xml");
    StringWriter out = new StringWriter();
    assertThat(command(out, pass.toString(), "--junit", xml.toString())).isZero();
    assertThat(out.toString())
        .contains("✓ x (")
        .containsPattern("1 test: 1 passed, 0 failed, 0 errors in [\\d.]+ ms");
    assertThat(Files.readString(xml)).contains("<testcase classname=\"bots.pass\" name=\"x\"");
    assertThat(command(new StringWriter(), pass.toString(), fail.toString())).isEqualTo(1);
    assertThat(command(new StringWriter(), fail.toString(), wrong.toString())).isEqualTo(2);
  }

  @Test
  void checkKnowsTestFilesAndTheirBots() throws IOException {
    write("echo.groovy", "on message { msg -> reply msg.text }");
    Path good = write("good.test.groovy", "bot 'echo.groovy'\ntest('x') { say 'S', 'a' }");
    Path bad = write("bad.test.groovy", "bot 'echo.groovy'\ntest('x') { advnce 1.minutes }");
    TestRunner runner = new TestRunner(dir);
    assertThat(runner.check(good)).isNull();
    assertThat(runner.check(bad))
        .startsWith(
            "(bad.test.groovy, line 2, column 13) unknown word 'advnce' (did you mean 'advance'?)");
  }

  private static int command(StringWriter out, String... args) {
    CommandLine cli = Cli.configure(new CommandLine(new TestCommand()));
    cli.setOut(new PrintWriter(out));
    return cli.execute(args);
  }
}

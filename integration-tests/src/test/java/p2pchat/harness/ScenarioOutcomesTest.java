package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a user sees when a scenario fails (exit 1) or is itself wrong (exit 2). */
class ScenarioOutcomesTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  private List<ScenarioResult> run(String file) {
    return new ScenarioRunner(
            dir, new ConsoleProgress(new PrintStream(console, true, StandardCharsets.UTF_8)))
        .run(Scenarios.bad(file));
  }

  /** The first scenario's message of {@code file}, which must exit {@code exit}. */
  private String messageOf(String file, int exit) {
    List<ScenarioResult> results = run(file);
    assertThat(ScenarioResult.exitCode(results)).as(file).isEqualTo(exit);
    return results.get(0).message();
  }

  @Test
  void aWrongExpectationExitsOneAndShowsWhatWasReceived() {
    List<ScenarioResult> results = run("wrong-expectation.groovy");
    assertThat(ScenarioResult.exitCode(results)).isEqualTo(1);
    String message = results.get(0).message();
    assertThat(message)
        .contains("(wrong-expectation.groovy, line 8)")
        .contains("carol.received('goodbye', from: 'Sam')")
        .contains("Carol has 1 from Sam: ['hello']");
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("✗ line   8")
        .contains("FAILED")
        .contains("last log lines of");
    assertThat(results.get(0).report()).exists();
  }

  @Test
  void aBareHistoryQueryThatIsFalseFailsNamingItsLineAndValues() {
    assertThat(messageOf("bare-false-query.groovy", 1))
        .contains("(bare-false-query.groovy, line 5)")
        .contains("bob.received('never sent', from: 'Ann')")
        .contains("Bob has 0 from Ann");
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("✗ line   5");
  }

  @Test
  void aBooleanStatementNobodyUsedIsACheck() {
    assertThat(messageOf("unused-boolean.groovy", 1))
        .contains("(unused-boolean.groovy, line 6)")
        .contains("value was false");
  }

  @Test
  void anEventuallyWhoseConditionEndsInAFalseValueFails() {
    assertThat(messageOf("false-variable-eventually.groovy", 1)).contains("false");
  }

  @Test
  void theHistoryCheckersRunByDefaultAtTheEnd() {
    assertThat(messageOf("loss-by-default.groovy", 1))
        .contains("no loss: 1 of 1 messages")
        .contains("Sam→Carol #1 'into the void'");
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("✗ line   0  check.noLoss() by default");
  }

  @Test
  void anExpiryTheStoryDoesNotExpectFailsAndSaysHowToExpectIt() {
    assertThat(messageOf("unexpected-expiry.groovy", 1))
        .contains("expired: 2 messages expired, the scenario expects 0")
        .contains("expect.expired(2)");
  }

  @Test
  void checkersWrittenInTheStoryAreNotRunTwice() {
    List<ScenarioResult> results = run("explicit-checks-once.groovy");
    assertThat(ScenarioResult.exitCode(results)).isZero();
    List<String> labels = results.get(0).steps().stream().map(Timeline.Step::label).toList();
    assertThat(labels)
        .contains("check.noLoss()", "check.nothingAfterRemoval() by default")
        .doesNotContain("check.noLoss() by default", "check.inOrder() by default");
  }

  @Test
  void aSyntaxErrorExitsTwoWithFileAndLine() {
    assertThat(messageOf("syntax-error.groovy", 2))
        .startsWith("(syntax-error.groovy, line ")
        .contains("syntax error")
        .contains("; valid: ");
  }

  @Test
  void anUnknownPeerExitsTwoNamingTheValidOnes() {
    assertThat(messageOf("unknown-peer.groovy", 2))
        .contains("(unknown-peer.groovy, line 6) unknown peer 'Carl'; valid: Sam, Carol");
  }

  @Test
  void theCommandExitsWithTheWorstOutcomeAndWritesJUnitXml() throws Exception {
    Path junit = dir.resolve("junit.xml");
    int code =
        new CommandLine(new ScenarioCommand())
            .execute(
                Scenarios.bad("syntax-error.groovy").toString(),
                Scenarios.bad("unknown-peer.groovy").toString(),
                "--report",
                dir.toString(),
                "--junit",
                junit.toString());
    assertThat(code).isEqualTo(2);
    assertThat(Files.readString(junit))
        .contains("<testsuite name=\"unknown-peer.groovy\"")
        .contains("<error message=\"(unknown-peer.groovy, line 6)");
  }
}

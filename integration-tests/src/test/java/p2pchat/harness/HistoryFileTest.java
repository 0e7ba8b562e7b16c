package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A history that outlives the run: {@code --history FILE} writes it, {@code --check FILE} judges it
 * again, and a hand-edited copy with a stored message removed fails no loss.
 */
class HistoryFileTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  private int command(String... args) {
    PrintStream before = System.out;
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      return new CommandLine(new ScenarioCommand()).execute(args);
    } finally {
      System.setOut(before);
    }
  }

  @Test
  void aSavedHistoryPassesAgainOfflineAndFailsNoLossOnceAStoredMessageIsRemoved() throws Exception {
    Path story = dir.resolve("saved.groovy");
    Files.writeString(
        story,
        """
        scenario('Ann writes through a partition') {
            registry()
            def ann = peer('Ann'); def bob = peer('Bob')
            (1..5).each { ann.send('Bob', "before #$it") }
            partition(ann, bob)
            (1..5).each { ann.send('Bob', "during #$it") }
            heal()
        }
        """);
    Path history = dir.resolve("out/history.jsonl");
    assertThat(
            command(
                story.toString(),
                "--report",
                dir.resolve("reports").toString(),
                "--history",
                history.toString()))
        .isEqualTo(0);

    List<String> lines = Files.readAllLines(history);
    assertThat(lines).anyMatch(l -> l.contains("\"kind\":\"send\""));
    assertThat(lines).anyMatch(l -> l.contains("\"kind\":\"handle\""));
    assertThat(lines).anyMatch(l -> l.contains("\"kind\":\"ack\""));
    assertThat(lines).anyMatch(l -> l.contains("\"kind\":\"fault\"") && l.contains("partitioned"));
    assertThat(lines).anyMatch(l -> l.contains("\"kind\":\"heal\""));

    console.reset();
    assertThat(command("--check", history.toString())).isEqualTo(0);
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("saved.groovy: Ann writes through a partition")
        .contains("✓ check.noLoss() — 10 owed, 0 lost")
        .contains("✓ check.inOrder()")
        .contains("✓ PASSED");

    // Bob's stored copy of 'during #3' goes: the message was promised, so it is lost
    AtomicBoolean removed = new AtomicBoolean();
    List<String> edited =
        lines.stream()
            .filter(
                l ->
                    !(l.contains("\"peer\":\"Bob\"")
                            && l.contains("\"direction\":\"IN\"")
                            && l.contains("during #3"))
                        || !removed.compareAndSet(false, true))
            .toList();
    assertThat(removed).isTrue();
    Path copy = dir.resolve("edited.jsonl");
    Files.write(copy, edited);
    console.reset();
    assertThat(command("--check", copy.toString())).isEqualTo(1);
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("✗ check.noLoss() — 10 owed, 1 lost")
        .contains("Ann→Bob #8 'during #3'")
        .contains("✗ FAILED");
  }

  @Test
  void aFileThatIsNotASavedHistoryExitsTwoWithOneLine() throws Exception {
    Path junk = dir.resolve("junk.jsonl");
    Files.writeString(junk, "{\"not\": \"a history\"}\n");
    assertThat(command("--check", junk.toString())).isEqualTo(2);
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("line 1 is not a line of a scenario history")
        .contains("valid: a file written by --history FILE");
  }
}

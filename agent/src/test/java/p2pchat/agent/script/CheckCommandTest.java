package p2pchat.agent.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.cli.CheckCommand;
import picocli.CommandLine;

class CheckCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int check(String... args) {
    CommandLine cli = new CommandLine(new CheckCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void everyScriptInTheLibraryPassesCheck() throws Exception {
    String[] files;
    try (Stream<Path> s = Files.list(Path.of("..", "scripts"))) {
      files =
          s.filter(p -> p.toString().endsWith(".groovy"))
              .sorted()
              .map(Path::toString)
              .toArray(String[]::new);
    }

    assertThat(check(files)).isZero();
    assertThat(out.toString().lines()).hasSize(files.length).allMatch(l -> l.startsWith("ok: "));
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aBrokenScriptPrintsOneLineAndExitsWithOne() {
    Path good = Scripts.write(dir, "good.groovy", "on message { msg -> reply 'hi' }\n");
    Path bad = Scripts.write(dir, "bad.groovy", "on message { msg ->\n  sned msg.from, 'hi'\n}\n");

    assertThat(check(good.toString(), bad.toString())).isEqualTo(1);
    assertThat(out.toString()).isEqualTo("ok: " + good + System.lineSeparator());
    assertThat(err.toString().lines())
        .containsExactly(
            "(bad.groovy, line 2, column 3) unknown word 'sned' (did you mean 'send'?); events: on"
                + " start|stop|message|online|offline|delivered|expired|error|joined|left|denied,"
                + " hear(~/regex/); declarations: command, commandPrefix, unknownCommand, admins,"
                + " cron, webhook; actions: send, reply, broadcast, peers, rooms, me, state, after,"
                + " every, cancel, log, stop");
  }

  @Test
  void aMissingFileIsOneLineAndExitsWithOne() {
    Path missing = dir.resolve("missing.groovy");

    assertThat(check(missing.toString())).isEqualTo(1);
    assertThat(err.toString().lines())
        .containsExactly("cannot read script " + missing + ": no such file; check the path");
  }
}

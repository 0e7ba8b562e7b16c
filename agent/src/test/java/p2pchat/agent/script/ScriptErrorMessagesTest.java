package p2pchat.agent.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptErrorMessagesTest {

  private static final String VALID =
      "events: on start|stop|message|online|offline|delivered|expired|error|joined|left|denied,"
          + " hear(~/regex/); declarations: command, commandPrefix, unknownCommand, admins, cron,"
          + " webhook; actions: send, reply, broadcast, peers, rooms, me, state, after, every,"
          + " cancel, log, stop";

  @TempDir Path dir;

  /** What {@code file}, made of {@code source}, logs when a message comes. */
  private List<String> logAfterAMessage(String file, String source) {
    ScriptHost host = Scripts.load(dir, file, source);
    return Scripts.logged(file, () -> new MemoryCore("Bot").hear(host, "Sam:hi"));
  }

  @Test
  void aSyntaxErrorIsOneLineWithFileLineAndColumn() {
    String source =
        """
        on message { msg ->
            reply "echo: ${msg.text}"
        }
        on start {
            log.info "starting
        }
        """;
    assertThatThrownBy(() -> Scripts.load(dir, "broken.groovy", source))
        .isInstanceOf(ScriptException.class)
        .hasMessage("(broken.groovy, line 5, column 14) Unexpected character: '\"'")
        .hasMessageNotContaining("\n");
  }

  @Test
  void anUnresolvedClassNamesItsLineAndColumn() {
    assertThatThrownBy(
            () -> Scripts.load(dir, "cls.groovy", "\non start {\n    def w = new Widget()\n}\n"))
        .hasMessage("(cls.groovy, line 3, column 13) unable to resolve class Widget");
  }

  @Test
  void aMisspelledEventNamesTheWordAndListsTheValidOnes() {
    assertThatThrownBy(
            () -> Scripts.load(dir, "typo.groovy", "// a bot\non mesage { msg -> reply 'x' }\n"))
        .hasMessage(
            "(typo.groovy, line 2, column 4) unknown word 'mesage' (did you mean 'message'?); "
                + VALID);
  }

  @Test
  void aMisspelledActionInsideAHandlerFailsAtLoadNotWhenAMessageComes() {
    String source = "on message { msg ->\n    sned msg.from, 'hi'\n}\n";
    assertThatThrownBy(() -> Scripts.load(dir, "sned.groovy", source))
        .hasMessage(
            "(sned.groovy, line 2, column 5) unknown word 'sned' (did you mean 'send'?); " + VALID);
  }

  @Test
  void anUnknownNameIsReportedLikeAnUnknownWord() {
    assertThatThrownBy(
            () ->
                Scripts.load(
                    dir, "typo2.groovy", "on start {\n  pers.online.each { send it, 'hi' }\n}\n"))
        .hasMessage(
            "(typo2.groovy, line 2, column 3) unknown word 'pers' (did you mean 'peers'?); "
                + VALID);
  }

  @Test
  void anEventWithoutOnIsAnError() {
    assertThatThrownBy(() -> Scripts.load(dir, "noon.groovy", "\nmessage { msg -> reply 'x' }\n"))
        .hasMessage(
            "(noon.groovy, line 2) 'message { }' does nothing without on: write on message { ... }");
  }

  @Test
  void anEventWithoutABlockSaysItNeedsOne() {
    assertThatThrownBy(() -> Scripts.load(dir, "noblock.groovy", "on message\n"))
        .hasMessage(
            "(noblock.groovy, line 1, column 4) 'message' needs a block: on message { ... }");
  }

  @Test
  void anActionAtTheTopOfTheScriptSaysWhereItBelongs() {
    assertThatThrownBy(() -> Scripts.load(dir, "top.groovy", "on start { }\nsend 'Carol', 'hi'\n"))
        .hasMessage(
            "(top.groovy, line 2) send works inside a handler (on ..., hear, after, every), "
                + "not at the top of the script, which runs at load");
  }

  @Test
  void aScriptNamedLikeADslWordIsRefusedWithAHint() {
    assertThatThrownBy(() -> Scripts.load(dir, "state.groovy", "on start { }\n"))
        .hasMessage(
            "(state.groovy) a script named like the DSL word 'state' would hide that word; "
                + "rename the file, e.g. state-bot.groovy");
  }

  @Test
  void aMissingFileIsOneLine() {
    assertThatThrownBy(() -> ScriptHost.load(dir.resolve("nope.groovy"), "Bot", null))
        .hasMessage(
            "cannot read script " + dir.resolve("nope.groovy") + ": no such file; check the path");
  }

  @Test
  void aHandlerThatThrowsIsLoggedWithFileLineAndWhatWentWrong() {
    String source =
        """
        on message { msg ->
            state.seen = true
            reply 'about to fail'
            int n = msg.text.length() / 0
        }
        on error { e, msg -> reply "sorry: ${e.message}" }
        """;
    ScriptHost host = Scripts.load(dir, "boom.groovy", source);
    MemoryCore core = new MemoryCore("Bot");

    List<String> logged = Scripts.logged("boom.groovy", () -> core.hear(host, "Sam:hello"));

    assertThat(logged)
        .containsExactly(
            "WARN (boom.groovy, line 4) on message failed: ArithmeticException: Division by zero");
    assertThat(core.sent)
        .extracting(MemoryCore.Sent::text)
        .containsExactly("sorry: Division by zero");
    assertThat(core.state).isEmpty();
  }

  @Test
  void aWrongUseOfAWordInAHandlerIsLoggedWithItsLine() {
    ScriptHost host = Scripts.load(dir, "timer.groovy", "on start {\n  reply 'hello'\n}\n");

    assertThat(Scripts.logged("timer.groovy", () -> new MemoryCore("Bot").start(host)))
        .containsExactly(
            "WARN (timer.groovy, line 2) on start failed: "
                + "reply works inside on message, hear and on error; elsewhere use send msg.from, 'text'");
  }

  @Test
  void aMissingPropertyOfAMessageListsWhatAMessageHas() {
    assertThat(logAfterAMessage("txt.groovy", "on message { msg ->\n  reply msg.txt\n}\n"))
        .containsExactly(
            "WARN (txt.groovy, line 2) on message failed: "
                + "a message has no 'txt'; it has: text, from, to, id, data, offline, seq, sentAt");
  }

  @Test
  void aWordWithWrongArgumentsShowsHowItIsWritten() {
    assertThat(logAfterAMessage("args.groovy", "on message {\n  send 'Carol'\n}\n"))
        .containsExactly(
            "WARN (args.groovy, line 2) on message failed: wrong arguments "
                + "for send(String); use send 'Carol', 'text' (optionally data as a third argument and ttl: 30.seconds)");
  }

  @Test
  void aBadOptionNamesTheOptionsThereAre() {
    assertThat(logAfterAMessage("opt.groovy", "on message {\n  reply 'x', tll: 5.seconds\n}\n"))
        .containsExactly(
            "WARN (opt.groovy, line 2) on message failed: reply has no option 'tll'; options: ttl (like ttl: 30.seconds)");
  }
}

package p2pchat.agent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java face of the test kit, on the real script host. */
class TestKitTest {
  @TempDir Path dir;

  private BotTest bot(String source) throws IOException {
    return BotTest.of(Files.writeString(dir.resolve("bot.groovy"), source)).start();
  }

  @Test
  void aReplyGoesToTheSenderAndIsCheckedByTextOrRegex() throws IOException {
    try (BotTest bot = bot("on message { msg -> reply \"hi ${msg.from}\" }")) {
      bot.say("Sam", "hello");
      assertThat(bot.expectReply("hi Sam").to()).isEqualTo("Sam");
      bot.say("Carol", "hello");
      bot.expectReply(Pattern.compile("^hi C"));
      bot.expectNothing();
    }
  }

  @Test
  void aWrongReplyFailsWithWhatWasExpectedAndWhatCame() throws IOException {
    try (BotTest bot = bot("on message { msg -> reply 'ok, later' }")) {
      bot.say("Sam", "remind me");
      assertThatThrownBy(() -> bot.expectReply("ok"))
          .isInstanceOf(BotTestFailure.class)
          .hasMessageContaining("expected: to Sam: 'ok'")
          .hasMessageContaining(
              "actual:   to Sam: 'ok, later' (the texts differ from character 3)");
    }
  }

  @Test
  void timersFireOnlyWhenVirtualTimeReachesThem() throws IOException {
    try (BotTest bot =
        bot("on message { msg -> after(5, MINUTES) { send msg.from, 'time' }; reply 'set' }")) {
      bot.say("Sam", "go");
      bot.expectReply("set");
      bot.advance(Duration.ofMinutes(4));
      bot.expectNothing();
      bot.advance(Duration.ofMinutes(1));
      bot.expectSent("Sam", "time");
      assertThat(bot.now()).isEqualTo(BotTest.DEFAULT_START.plus(Duration.ofMinutes(5)));
    }
  }

  @Test
  void aRestartKeepsStateAndTimersAndRunsStopThenStart() throws IOException {
    String source =
        """
        on start { state.starts = (state.starts ?: 0) + 1 }
        on stop { state.stops = (state.stops ?: 0) + 1 }
        every(1, HOURS) { state.beats = (state.beats ?: 0) + 1 }
        on message { msg -> after(10, MINUTES) { send msg.from, 'later' } }
        """;
    try (BotTest bot = bot(source)) {
      bot.say("Sam", "x");
      bot.restart();
      bot.advance(Duration.ofMinutes(61));
      bot.expectSent("Sam", "later");
      assertThat(bot.state()).containsEntry("starts", 2).containsEntry("stops", 1);
      assertThat(bot.state()).containsEntry("beats", 1); // one job per top-level every, kept
    }
  }

  @Test
  void aFailedHandlerSavesNothingAndFailsTheTestUnlessExpected() throws IOException {
    String source =
        """
        on message { msg -> state.x = 1; send 'Carol', 'lost'; 1 / 0 }
        on error { e, msg -> reply "sorry: ${e.message}" }
        """;
    BotTest bot = bot(source);
    bot.say("Sam", "x");
    bot.expectReply("sorry: Division by zero");
    assertThat(bot.state()).isEmpty();
    assertThatThrownBy(bot::close)
        .isInstanceOf(BotTestFailure.class)
        .hasMessageContaining("(bot.groovy, line 1) on message failed: ArithmeticException");
    try (BotTest again = bot(source)) {
      again.say("Sam", "x");
      again.expectError(Pattern.compile("Division by zero"));
    }
  }

  @Test
  void presenceDeliveryAndExpiryReachTheirHandlers() throws IOException {
    String source =
        """
        on online { p -> send p.name, "welcome ${p.name}", ttl: 1.minutes }
        on offline { p -> state.gone = "${p.name} ${p.status}".toString() }
        on delivered { m -> state.delivered = m.to }
        on expired { m -> state.expired = m.text }
        """;
    try (BotTest bot = bot(source)) {
      bot.peer("Carol", "online");
      bot.expectSent("Carol", "welcome Carol");
      bot.expire(null);
      bot.peer("Dan", "online");
      bot.delivered("Dan");
      bot.goOffline("Carol");
      assertThat(bot.state())
          .containsEntry("expired", "welcome Carol")
          .containsEntry("delivered", "Dan")
          .containsEntry("gone", "Carol away");
      assertThatThrownBy(() -> bot.delivered(null))
          .isInstanceOf(BotTestFailure.class)
          .hasMessageContaining("none is waiting");
    }
  }

  @Test
  void aWebhookAnswersAndItsEffectsCommit() throws IOException {
    String source =
        """
        webhook('/deploy') { req ->
            state.last = req.json.service
            [status: 202, body: [ok: true]]
        }
        webhook('/boom') { req -> throw new IllegalStateException('no') }
        """;
    try (BotTest bot = bot(source)) {
      WebhookResponse r = bot.webhook("/deploy", Map.of("service", "api"));
      assertThat(r.status()).isEqualTo(202);
      assertThat(r.json()).isEqualTo(Map.of("ok", true));
      assertThat(bot.state()).containsEntry("last", "api");
      assertThat(bot.webhook("/boom", null).status()).isEqualTo(500);
      bot.expectError("IllegalStateException: no");
      assertThatThrownBy(() -> bot.webhook("/nope", null))
          .hasMessageContaining("the script has [/boom, /deploy]");
    }
  }

  @Test
  void aRoomMessageIsAnsweredInTheRoom() throws IOException {
    try (BotTest bot =
        bot("on joined { r -> state.joined = r }\non message { msg -> reply msg.room }")) {
      bot.say("Sam", "hi", "#ops", null);
      bot.expectReply("#ops");
      assertThat(bot.sent().get(0).to()).isEqualTo("#ops");
      assertThat(bot.state()).containsEntry("joined", "#ops");
      assertThat(bot.rooms().get(0).members()).containsExactly("Sam", "Bot");
    }
  }

  @Test
  void aSendTheAgentWouldRefuseFailsTheHandlerHereToo() throws IOException {
    try (BotTest bot = bot("on message { msg -> send 'not a name!', 'x' }")) {
      bot.say("Sam", "go");
      bot.expectError("not a name!");
      assertThat(bot.sent()).isEmpty();
      List<Sent> none = bot.sent();
      assertThat(none).isEmpty();
    }
  }
}

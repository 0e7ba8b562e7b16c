package p2pchat.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import p2pchat.agent.Agent;
import p2pchat.agent.Message;

/**
 * Every script in scripts/ run by real agents against the real registry, plus the script host's
 * promises that need a real agent: a timer set before a crash fires once after the restart, hot
 * reload under a running agent, an error in a handler does not stop the agent.
 */
class ScriptAgentsTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir Path dir;
  private ScriptAgents bots;

  @BeforeEach
  void setUp() {
    bots = new ScriptAgents(dir);
  }

  private Agent start(String name, Path script) {
    return bots.start(name, script);
  }

  private Agent start(String name, String script) {
    return start(name, ScriptAgents.SCRIPTS.resolve(script));
  }

  @AfterEach
  void tearDown() {
    bots.close();
  }

  private static List<String> received(Agent agent, String from) {
    return agent.history(from).stream()
        .filter(m -> m.direction() == Message.Direction.IN)
        .map(Message::text)
        .toList();
  }

  @Test
  void aBurstBiggerThanTheInMemoryHandOverIsHandledOnceEachAndInOrder() throws Exception {
    // The receiver's script sees messages handed over in memory until it falls more than a few
    // thousand behind, then reads them back from the store: either way once each, in order.
    Path script =
        Files.writeString(
            dir.resolve("seen.groovy"), "on message { msg -> reply \"seen ${msg.text}\" }\n");
    start("Seen", script);
    Agent sam = start("Sam", (Path) null);
    await().atMost(PATIENCE).until(() -> sam.isOnline("Seen"));
    int count = 10_000;
    List<java.util.concurrent.CompletableFuture<Message>> sends = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      sends.add(sam.send("Seen", "m" + i));
    }
    sends.forEach(java.util.concurrent.CompletableFuture::join);
    List<String> expected =
        java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> "seen m" + i).toList();
    await().atMost(Duration.ofSeconds(60)).until(() -> received(sam, "Seen").size() >= count);
    assertThat(received(sam, "Seen")).containsExactlyElementsOf(expected);
  }

  @Test
  void theStandupBotOpensARoomCollectsAnswersAndRepliesInTheRoom() {
    Agent bot = start("Standup", "standup.groovy");
    Agent carol = start("Carol", (Path) null);
    Agent dan = start("Dan", (Path) null);
    Agent sam = start("Sam", (Path) null);
    await().atMost(PATIENCE).until(() -> sam.isOnline("Standup"));
    await().atMost(PATIENCE).until(() -> carol.peers().size() >= 4 && dan.peers().size() >= 4);

    sam.send("Standup", "standup Carol Dan Sam").join();
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                received(sam, "Standup")
                    .contains("stand-up started in #standup with Carol, Dan, Sam"));
    await().atMost(PATIENCE).until(() -> roomTexts(dan, "Standup").size() == 1);
    assertThat(dan.rooms().joined()).extracting(r -> r.room()).containsExactly("#standup");

    carol.send("#standup", "shipped the rooms").join();
    dan.send("#standup", "reviewing").join();
    // Sam asks once the bot has both answers; Sam and Carol see them in the room too
    await().atMost(PATIENCE).until(() -> roomTexts(bot, "Carol").size() == 1);
    await().atMost(PATIENCE).until(() -> roomTexts(bot, "Dan").size() == 1);
    await().atMost(PATIENCE).until(() -> roomTexts(sam, "Dan").size() == 1);
    await().atMost(PATIENCE).until(() -> roomTexts(carol, "Dan").size() == 1);
    sam.send("#standup", "summary").join();
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                // in the order the two answers reached the bot, which their two links decide
                roomTexts(carol, "Standup").stream()
                    .anyMatch(
                        t ->
                            t.contains("Carol: shipped the rooms")
                                && t.contains("Dan: reviewing")));
  }

  /** What {@code member} took in #standup written by {@code author}. */
  private static List<String> roomTexts(Agent member, String author) {
    return member.history("#standup").stream()
        .filter(m -> m.direction() == Message.Direction.IN)
        .filter(m -> m.roomHeader().type() == p2pchat.agent.rooms.RoomHeader.MESSAGE)
        .filter(m -> m.from().equals(author))
        .map(Message::text)
        .toList();
  }

  @Test
  void echoAnswersWithTheSameText() {
    start("Echo", "echo.groovy");
    Agent sam = start("Sam", (Path) null);

    sam.send("Echo", "hello").join();

    awaitReceived(sam, "Echo", "echo: hello");
  }

  @Test
  void pingPongBouncesTheBallNTimesThenBothAgentsStop() {
    Agent ping = start("Ping", "ping-pong.groovy");
    Agent pong = start("Pong", "ping-pong.groovy");
    Agent ref = start("Ref", (Path) null);

    ref.send("Ping", "serve Pong 6").join();

    await().atMost(PATIENCE).until(() -> ping.terminated().isDone() && pong.terminated().isDone());
    Agent pongAfter =
        start("Pong", (Path) null); // stopped agents' stores are closed: reopen to read
    Agent pingAfter = start("Ping", (Path) null);
    assertThat(received(pongAfter, "Ping"))
        .containsExactly("ball 1/6", "ball 3/6", "ball 5/6", "game over");
    assertThat(received(pingAfter, "Pong")).containsExactly("ball 2/6", "ball 4/6", "ball 6/6");
  }

  @Test
  void aReminderSetBeforeACrashFiresOnceAfterTheRestart() {
    Agent reminder = start("Reminder", "reminder.groovy");
    Agent sam = start("Sam", (Path) null);

    sam.send("Reminder", "remind me in 3 seconds to stretch").join();
    awaitReceived(sam, "Reminder", "ok, in 3 seconds: stretch");
    reminder.crash();
    start("Reminder", "reminder.groovy");

    await().atMost(PATIENCE).until(() -> received(sam, "Reminder").size() == 2);
    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(6))
        .until(
            () ->
                received(sam, "Reminder")
                    .equals(List.of("ok, in 3 seconds: stretch", "reminder: stretch")));
  }

  @Test
  void relayForwardsToTheTargetItWasGiven() {
    start("Relay", "relay.groovy");
    Agent sam = start("Sam", (Path) null);
    Agent carol = start("Carol", (Path) null);

    sendEach(sam, "Relay", "relay to Carol", "hello Carol");

    awaitReceived(carol, "Relay", "Sam says: hello Carol");
    assertThat(carol.history("Relay").get(0).data())
        .isEqualTo("{\"from\":\"Sam\",\"text\":\"hello Carol\"}");
    assertThat(received(sam, "Relay")).containsExactly("relaying to Carol");
  }

  @Test
  void faqAnswersAKnownTopic() {
    start("Faq", "faq.groovy");
    Agent sam = start("Sam", (Path) null);

    sendEach(sam, "Faq", "when are you open? hours?", "help");

    awaitReceived(
        sam,
        "Faq",
        "We are open 9:00-17:00, Monday to Friday.",
        "ask me about: hours, price, offline, contact");
  }

  @Test
  void counterGoesOnFromWhereItWasAfterARestart() {
    Agent counter = start("Counter", "counter.groovy");
    Agent sam = start("Sam", (Path) null);
    sendEach(sam, "Counter", "one", "two");
    await().atMost(PATIENCE).until(() -> received(sam, "Counter").size() == 2);

    counter.stop();
    start("Counter", "counter.groovy");
    sam.send("Counter", "three").join();

    awaitReceived(
        sam,
        "Counter",
        "message 1 from you, 1 in all",
        "message 2 from you, 2 in all",
        "message 3 from you, 3 in all");
  }

  @Test
  void recordStoresAndHandlesEveryMessageAndAnswersNothing() {
    Agent carol = start("Carol", "record.groovy");
    Agent sam = start("Sam", (Path) null);

    for (int i = 1; i <= 20; i++) {
      sam.send("Carol", "note #" + i);
    }

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                carol.history("Sam").size() == 20
                    && carol.history("Sam").stream()
                        .allMatch(m -> m.status() == Message.Status.HANDLED));
    assertThat(received(carol, "Sam")).first().isEqualTo("note #1");
    assertThat(received(sam, "Carol")).isEmpty();
  }

  @Test
  void anEditedScriptAnswersTheNextMessageAndABrokenEditKeepsTheOldOne() throws Exception {
    Path script =
        Files.copy(
            ScriptAgents.SCRIPTS.resolve("echo.groovy"),
            dir.resolve("bot.groovy"),
            StandardCopyOption.REPLACE_EXISTING);
    start("Bot", script);
    Agent sam = start("Sam", (Path) null);
    sam.send("Bot", "one").join();
    await().atMost(PATIENCE).until(() -> received(sam, "Bot").size() == 1);

    edit(script, "on message { msg -> reply \"v2: ${msg.text}\" }\n", 1);
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              sam.send("Bot", "probe").join();
              return received(sam, "Bot").contains("v2: probe");
            });
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger("bot.groovy")).addAppender(log);
    edit(script, "on message { msg ->\n  reply 'broken\n}\n", 2);
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                log.list.stream()
                    .anyMatch(
                        e ->
                            e.getFormattedMessage()
                                .equals(
                                    "(bot.groovy, line 2, column 9) Unexpected character: '\\''; keeping the version that was running")));
    sam.send("Bot", "after the broken edit").join();

    await()
        .atMost(PATIENCE)
        .until(() -> received(sam, "Bot").contains("v2: after the broken edit"));
    assertThat(received(sam, "Bot")).first().isEqualTo("echo: one");
  }

  @Test
  void aHandlerThatThrowsRunsTheErrorHookAndTheAgentCarriesOn() throws Exception {
    Path script =
        Files.writeString(
            dir.resolve("fragile.groovy"),
            """
        on message { msg ->
            if (msg.text == 'poison') throw new IllegalArgumentException('cannot digest')
            reply "fine: ${msg.text}"
        }
        on error { e, msg -> reply "sorry: ${e.message}" }
        """);
    start("Fragile", script);
    Agent sam = start("Sam", (Path) null);

    sendEach(sam, "Fragile", "poison", "bread");

    awaitReceived(sam, "Fragile", "sorry: cannot digest", "fine: bread");
  }

  /** {@code sender} sends {@code texts} to {@code to}, each committed before the next. */
  private static void sendEach(Agent sender, String to, String... texts) {
    for (String text : texts) {
      sender.send(to, text).join();
    }
  }

  /** Waits until {@code agent} has received exactly {@code texts} from {@code from}, in order. */
  private static void awaitReceived(Agent agent, String from, String... texts) {
    await().atMost(PATIENCE).until(() -> received(agent, from).equals(List.of(texts)));
  }

  private static void edit(Path file, String source, int generation) throws Exception {
    Files.writeString(file, source);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(generation)));
  }
}

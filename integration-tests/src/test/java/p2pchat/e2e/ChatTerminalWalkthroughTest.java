package p2pchat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.Agent;
import p2pchat.agent.Message;
import p2pchat.agent.cli.chat.ChatCompleter;
import p2pchat.agent.cli.chat.ChatConsole;
import p2pchat.agent.cli.chat.ChatSession;
import p2pchat.agent.cli.chat.TerminalIo;

/**
 * The terminal chat as a person uses it: keys typed into JLine on a virtual terminal (an xterm over
 * pipes), a real agent behind it, real peers, registry, sockets and SQLite files.
 */
class ChatTerminalWalkthroughTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir Path dir;

  private PipedOutputStream keyboard;
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream(); // synchronized

  private String screen() {
    return screen.toString(StandardCharsets.UTF_8);
  }

  private void type(String keys) {
    try {
      keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitScreen(String text) {
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(screen()).contains(text));
  }

  private static boolean has(Agent agent, String peerOrRoom, String text) {
    return agent.history(peerOrRoom).stream()
        .anyMatch(m -> m.direction() == Message.Direction.IN && m.text().equals(text));
  }

  @Test
  void tabCompletesSlashCommandsSwitchAndEachSentLineIsMarkedWhenDelivered() throws Exception {
    try (Cluster c = new Cluster(dir)) {
      Agent carol = c.start("Carol");
      Agent dan = c.start("Dan");
      Agent sam = c.start("Sam");
      await()
          .atMost(PATIENCE)
          .until(() -> sam.peers().size() == 3 && sam.isOnline("Carol") && sam.isOnline("Dan"));

      keyboard = new PipedOutputStream();
      PipedInputStream keys = new PipedInputStream(keyboard, 64 * 1024);
      try (Terminal terminal =
          TerminalBuilder.builder()
              .system(false)
              .streams(keys, screen)
              .type("xterm-256color")
              .size(new Size(200, 50))
              .encoding(StandardCharsets.UTF_8)
              .build()) {
        TerminalIo io =
            TerminalIo.open(
                terminal,
                new ChatCompleter("Sam", sam::peers, () -> sam.rooms().joined()),
                dir.resolve("chat-history"),
                Map.of("NO_COLOR", "1"));
        ChatConsole console = new ChatConsole(io);
        sam.addListener(console);
        CompletableFuture<List<Message>> chat =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return new ChatSession(sam, io, console).run(null);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });

        awaitScreen(ChatSession.PROMPT);
        type("/to Ca\t\n");
        awaitScreen("talking to Carol");
        type("hello Carol\n");
        await().atMost(PATIENCE).until(() -> has(carol, "Sam", "hello Carol"));
        awaitScreen("✓ → Carol: hello Carol");

        type("/create #ops Carol Dan\n");
        awaitScreen("* Sam created #ops: Sam, Carol, Dan");
        type("/to #o\t\n");
        awaitScreen("talking in #ops (Sam, Carol, Dan)");
        type("ops news\n");
        await().atMost(PATIENCE).until(() -> has(dan, "#ops", "ops news"));
        awaitScreen("✓ 2/2 → #ops: ops news");

        carol.send("Sam", "hi Sam").join();
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () -> assertThat(screen()).containsPattern("\\d\\d:\\d\\d Carol: hi Sam"));
        await().atMost(PATIENCE).until(() -> !carol.rooms().joined().isEmpty());
        carol.send("#ops", "from the room").join();
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(screen())
                        .containsPattern("\\d\\d:\\d\\d #ops Carol: from the room"));

        // bad input: one line each, and the chat goes on in #ops
        type("/frobnicate\n");
        awaitScreen("unknown command /frobnicate; /help lists the commands");
        type("/to #nowhere\n");
        awaitScreen("you are not a member of #nowhere; /rooms lists yours");
        type("/invite #ops Nobody\n");
        awaitScreen("unknown peer Nobody");
        type("/to bad name\n");
        awaitScreen("usage: /to NAME or /to #room");
        type("still in ops\n");
        await().atMost(PATIENCE).until(() -> has(carol, "#ops", "still in ops"));

        type("/history 3\n");
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(screen())
                        .containsPattern("Sam -> #ops  \\[delivered[^\\]]*\\]  ops news"));
        type("/who\n");
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(screen()).containsPattern("Dan\\s+online\\s+127\\.0\\.0\\.1:\\d+"));
        type("/rooms\n");
        awaitScreen("#ops");
        type("/help\n");
        awaitScreen("/create #room NAME...");

        keyboard.close(); // Ctrl-D
        List<Message> sent = chat.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertThat(sent)
            .extracting(Message::text)
            .containsExactly("hello Carol", "ops news", "still in ops");
      }
    }
  }
}

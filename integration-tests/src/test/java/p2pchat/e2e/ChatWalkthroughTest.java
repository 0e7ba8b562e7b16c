package p2pchat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.discovery.EmbeddedRegistry;

/** The prototype's README story, typed into {@code bin/p2pchat chat} by two users through pipes. */
class ChatWalkthroughTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String OFFLINE_MODE =
      "Carol is offline right now. You are in offline sending mode. You can enter messages and they will be"
          + " sent once the user is online, or type 'exit' to talk to another user.";

  @TempDir Path dir;

  private String[] chat(EmbeddedRegistry registry, String name, String... more) {
    String[] base = {
      "chat",
      "--name",
      name,
      "--discovery",
      registry.url().toString(),
      "--data-dir",
      dir.resolve(name).toString()
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void samAndCarolChatCarolIsKilledSamWritesOfflineAndHerQueuedMessagesArriveFirstWhenSheReturns() {
    try (EmbeddedRegistry registry =
            EmbeddedRegistry.start(
                EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db"))
                    .withLease(Duration.ofMillis(1500), Duration.ofMillis(300))
                    .withLogging(false));
        Cli carol = Cli.run(chat(registry, "Carol"))) {

      // Carol is up first and picks Sam (not registered yet); Sam then finds her in the list.
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> assertThat(carol.out()).contains(ChatPromptText.PROMPT));
      carol.type("Sam");
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> assertThat(carol.out()).contains("Sam is not registered yet"));
      try (Cli sam = Cli.run(chat(registry, "Sam"))) {
        talk(registry, carol, sam);
      }
    }
  }

  private void talk(EmbeddedRegistry registry, Cli carol, Cli sam) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(sam.out()).contains(ChatPromptText.PROMPT, "Carol"));
    assertThat(sam.out()).containsPattern("Carol\\s+online\\s+127\\.0\\.0\\.1:\\d+");
    sam.type("Carol");
    sam.type("hello Carol");
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(carol.out()).contains("Sam: hello Carol"));
    assertThat(carol.out()).contains("Sam just connected to you!");
    carol.type("hi Sam");
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(sam.out()).contains("Carol: hi Sam"));

    carol.kill(); // no goodbye: the registry notices when her lease runs out
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(sam.out()).contains(OFFLINE_MODE));
    sam.type("are you there?");
    sam.type("call me when you are back");

    try (Cli carolAgain = Cli.run(chat(registry, "Carol", "--to", "Sam"))) {
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> assertThat(carolAgain.out()).contains("Sam: call me when you are back"));
      String screen = carolAgain.out();
      assertThat(screen)
          .containsSubsequence(
              "Offline message from Sam", "Sam: are you there?", "Sam: call me when you are back");
      assertThat(screen).doesNotContain("hello Carol"); // delivered once, the first time

      sam.type("good to see you");
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> assertThat(carolAgain.out()).contains("Sam: good to see you"));
      sam.endInput();
      assertThat(sam.waitFor(30)).as("sam's exit code; stderr: %s", sam.err()).isZero();
      carolAgain.endInput();
      assertThat(carolAgain.waitFor(30)).isZero();
    }
  }
}

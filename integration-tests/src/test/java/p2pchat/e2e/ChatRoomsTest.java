package p2pchat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.Agent;
import p2pchat.agent.Message;

/**
 * Rooms through {@code bin/p2pchat} as a user types them into a pipe: {@code /create}, {@code /to
 * #ops}, {@code chat --to '#ops'}, and {@code history --with '#ops'} (text and {@code --json}) with
 * each member's delivery. Real registry, agents, sockets and SQLite files.
 */
class ChatRoomsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;

  private String[] command(Cluster c, String command, String... more) {
    List<String> all = new ArrayList<>(List.of(command, "--name", "Sam"));
    if (command.equals("chat")) {
      all.addAll(List.of("--discovery", c.registry.url().toString()));
    }
    all.addAll(List.of("--data-dir", dir.resolve("Sam").toString()));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static boolean has(Agent agent, String room, String text) {
    return agent.history(room).stream()
        .anyMatch(m -> m.direction() == Message.Direction.IN && m.text().equals(text));
  }

  private static String ran(Cli cli) {
    assertThat(cli.waitFor(60)).as("exit code; stderr: %s", cli.err()).isZero();
    return cli.out();
  }

  @Test
  void aPipedChatMakesARoomTalksInItAndHistoryShowsEachMembersDelivery() throws Exception {
    try (Cluster c = new Cluster(dir)) {
      Agent carol = c.start("Carol");
      Agent dan = c.start("Dan");
      try (Cli sam = Cli.run(command(c, "chat"))) {
        await()
            .atMost(PATIENCE)
            .untilAsserted(() -> assertThat(sam.out()).contains(ChatPromptText.PROMPT, "Dan"));
        sam.type("/create #ops Carol Dan");
        sam.type("/to #ops");
        sam.type("hello room");
        await().atMost(PATIENCE).until(() -> has(carol, "#ops", "hello room"));
        await().atMost(PATIENCE).until(() -> has(dan, "#ops", "hello room"));
        carol.send("#ops", "hello Sam").join();
        await()
            .atMost(PATIENCE)
            .untilAsserted(() -> assertThat(sam.out()).contains("[#ops] Carol: hello Sam"));

        sam.type("/frobnicate");
        sam.type("/to #nowhere");
        sam.type("still here");
        await().atMost(PATIENCE).until(() -> has(carol, "#ops", "still here"));
        sam.endInput();
        String out = ran(sam);
        assertThat(out)
            .contains(
                "* Sam created #ops: Sam, Carol, Dan",
                "unknown command /frobnicate; /help lists the commands",
                "you are not a member of #nowhere")
            .doesNotContain("✓", "{\"room\"");
      }

      dan.crash();
      await().atMost(PATIENCE).until(() -> !c.registryStatus("Dan").equals("online"));
      try (Cli sam = Cli.run(command(c, "chat", "--to", "#ops"))) {
        sam.type("while Dan is away");
        await().atMost(PATIENCE).until(() -> has(carol, "#ops", "while Dan is away"));
        sam.endInput();
        ran(sam);
      }

      String history;
      try (Cli h = Cli.run(command(c, "history", "--with", "#ops"))) {
        history = ran(h);
      }
      assertThat(history)
          .contains("* Sam created #ops: Sam, Carol, Dan")
          .containsPattern("Sam -> #ops  \\[delivered\\]  hello room")
          .containsPattern("Carol -> #ops  \\[(received|handled)\\]  hello Sam")
          .containsPattern(
              "Sam -> #ops  \\[delivered 1/2: Carol; Dan: (queued|sent)\\]  while Dan is away")
          .doesNotContain("{\"room\"");
      assertThat(history.lines().filter(l -> l.endsWith("  hello room"))).hasSize(1);
      assertThat(history.lines().filter(l -> l.contains("* Sam created #ops"))).hasSize(1);

      List<JsonNode> rows = new ArrayList<>();
      try (Cli h = Cli.run(command(c, "history", "--with", "#ops", "--json"))) {
        for (String line : ran(h).split("\n")) {
          rows.add(new ObjectMapper().readTree(line));
        }
      }
      JsonNode created = rows.get(0);
      assertThat(created.path("type").asText()).isEqualTo("membership");
      assertThat(created.path("members").toString()).isEqualTo("[\"Sam\",\"Carol\",\"Dan\"]");
      JsonNode away =
          rows.stream()
              .filter(r -> r.path("text").asText().equals("while Dan is away"))
              .findFirst()
              .orElseThrow();
      assertThat(away.path("to").asText()).isEqualTo("#ops");
      assertThat(away.path("room").asText()).isEqualTo("#ops");
      assertThat(away.path("delivered").asInt()).isEqualTo(1);
      assertThat(away.path("recipients").asInt()).isEqualTo(2);
      assertThat(away.path("delivery").path("Carol").asText()).isEqualTo("delivered");
      assertThat(away.path("delivery").path("Dan").asText()).isIn("queued", "sent");
      assertThat(away.path("status").asText()).isIn("queued", "sent");
    }
  }
}

package p2pchat.agent.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotReloadTest {

  @TempDir Path dir;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "test-script-watch"));
  private final MemoryCore core = new MemoryCore("Bot");

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  private List<String> sentTexts() {
    return core.sent.stream().map(s -> s.text()).toList();
  }

  /** Rewrites the file and moves its mtime forward, so the change is seen even on coarse clocks. */
  private void edit(Path file, String source, int generation) throws Exception {
    Files.writeString(file, source);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(generation)));
  }

  @Test
  void anEditedScriptAnswersTheNextMessageWithStateKept() throws Exception {
    Path file =
        Scripts.write(
            dir,
            "bot.groovy",
            "on message { msg -> state.n = (state.n ?: 0) + 1; reply \"v1 ${state.n}\" }\n");
    List<Reload> reloads = new CopyOnWriteArrayList<>();
    try (ScriptHost host = ScriptHost.load(file, "Bot", scheduler)) {
      host.addReloadListener(reloads::add);
      core.hear(host, "Sam:a");

      edit(
          file, "on message { msg -> state.n = (state.n ?: 0) + 1; reply \"v2 ${state.n}\" }\n", 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> !reloads.isEmpty());
      core.hear(host, "Sam:b");

      assertThat(reloads).containsExactly(new Reload(file, null));
      assertThat(sentTexts()).containsExactly("v1 1", "v2 2");
    }
  }

  @Test
  void aBrokenEditKeepsTheOldHandlersAndReportsTheLine() throws Exception {
    Path file = Scripts.write(dir, "bot.groovy", "on message { msg -> reply 'v1' }\n");
    List<Reload> reloads = new CopyOnWriteArrayList<>();
    try (ScriptHost host = ScriptHost.load(file, "Bot", scheduler)) {
      host.addReloadListener(reloads::add);

      edit(file, "on message { msg ->\n  reply 'v2\n}\n", 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> !reloads.isEmpty());
      core.hear(host, "Sam:a");

      assertThat(reloads)
          .containsExactly(
              new Reload(file, "(bot.groovy, line 2, column 9) Unexpected character: '\\''"));
      assertThat(sentTexts()).containsExactly("v1");

      edit(file, "on message { msg -> reply 'v3' }\n", 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> reloads.size() == 2);
      core.hear(host, "Sam:b");
      assertThat(sentTexts()).containsExactly("v1", "v3");
    }
  }

  @Test
  void aReloadWhoseFirstCallIsTheTimerItselfNeitherSkipsNorDoublesATick() throws Exception {
    core.listHidesFiringJob = true;
    assertThat(ticksAfterAnEditedEvery(3)).containsExactly("tick v2", "tick v2", "tick v2");
  }

  @Test
  void aReloadKeepsOneJobPerTopLevelEvery() throws Exception {
    assertThat(ticksAfterAnEditedEvery(2)).containsExactly("tick v2", "tick v2");
  }

  /**
   * What a top-level {@code every} sends in {@code minutes} once it is edited and reloaded,
   * checking that it kept one job.
   */
  private List<String> ticksAfterAnEditedEvery(int minutes) throws Exception {
    Path file = Scripts.write(dir, "tick.groovy", "every(1, MINUTES) { send 'Log', 'tick v1' }\n");
    try (ScriptHost host = ScriptHost.load(file, "Bot", null)) {
      core.start(host);
      Files.writeString(file, "every(1, MINUTES) { send 'Log', 'tick v2' }\n");
      assertThat(host.reload().ok()).isTrue();
      core.advance(host, Duration.ofMinutes(minutes));

      assertThat(core.jobs).hasSize(1);
      return sentTexts();
    }
  }
}

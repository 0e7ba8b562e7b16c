package p2pchat.agent.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimersTest extends CoreFixture {

  private static final String REMINDER =
      """
      hear(~/(?i)^remind me in (\\d+) min(?:utes?)? to (.+)$/) { msg, m ->
          after(m[1] as int, MINUTES) { send msg.from, "reminder: ${m[2]}" }
          reply "ok"
      }
      """;

  @Test
  void aReminderSetBeforeARestartFiresOnceAfterItWithItsCapturedValues() {
    ScriptHost before = Scripts.load(dir, "reminder.groovy", REMINDER);
    core.hear(before, "Sam:remind me in 5 minutes to stretch");
    assertThat(core.jobs.values())
        .singleElement()
        .satisfies(job -> assertThat(job.description()).isEqualTo("after@reminder.groovy:2"));

    ScriptHost afterRestart = ScriptHost.load(dir.resolve("reminder.groovy"), "Bot", null);
    core.start(afterRestart);
    core.advance(afterRestart, Duration.ofMinutes(4));
    assertThat(sentTexts()).containsExactly("Sam:ok");

    core.advance(afterRestart, Duration.ofMinutes(10));
    assertThat(sentTexts()).containsExactly("Sam:ok", "Sam:reminder: stretch");
    assertThat(core.jobs).isEmpty();
  }

  @Test
  void aStoredTimerStillFindsItsBlockAfterAnEditRenumbersTheClosures() {
    ScriptHost before = Scripts.load(dir, "reminder.groovy", REMINDER);
    core.hear(before, "Sam:remind me in 1 minute to drink");

    Scripts.write(
        dir,
        "reminder.groovy",
        "on start { log.info 'new first closure' }\non online { peer -> }\n" + REMINDER);
    ScriptHost edited = ScriptHost.load(dir.resolve("reminder.groovy"), "Bot", null);
    core.advance(edited, Duration.ofMinutes(1));

    assertThat(sentTexts()).containsExactly("Sam:ok", "Sam:reminder: drink");
  }

  @Test
  void aStoredTimerWhoseBlockWasEditedAwayIsDroppedWithAWarning() {
    ScriptHost before = Scripts.load(dir, "reminder.groovy", REMINDER);
    core.hear(before, "Sam:remind me in 1 minute to drink");

    Scripts.write(dir, "reminder.groovy", REMINDER.replace("reminder: ", "REMINDER: "));
    ScriptHost edited = ScriptHost.load(dir.resolve("reminder.groovy"), "Bot", null);
    List<String> logged =
        Scripts.logged("reminder.groovy", () -> core.advance(edited, Duration.ofMinutes(1)));

    assertThat(sentTexts()).containsExactly("Sam:ok");
    assertThat(logged)
        .containsExactly(
            "WARN (reminder.groovy) timer after@reminder.groovy:2 "
                + "was set by a block of code that is no longer in the script; dropped");
    assertThat(core.jobs).isEmpty();
  }

  @Test
  void aTopLevelEveryKeepsOneJobAcrossRestartsAndFiresOncePerPeriod() {
    Path file =
        Scripts.write(
            dir, "ticker.groovy", "every(30, SECONDS) { state.ticks = (state.ticks ?: 0) + 1 }\n");
    for (int restart = 0; restart < 3; restart++) {
      ScriptHost host = ScriptHost.load(file, "Bot", null);
      core.start(host);
      core.advance(host, Duration.ofSeconds(30));
    }

    assertThat(core.jobs.values())
        .singleElement()
        .satisfies(job -> assertThat(job.description()).isEqualTo("every@ticker.groovy:1"));
    assertThat(core.state).containsEntry("ticks", "3");
  }

  @Test
  void withoutAJobListTopLevelDuplicatesAreCancelledWhenTheyFire() {
    core.canListJobs = false;
    Path file =
        Scripts.write(
            dir, "ticker.groovy", "every(30, SECONDS) { state.ticks = (state.ticks ?: 0) + 1 }\n");
    ScriptHost first = ScriptHost.load(file, "Bot", null);
    core.start(first);
    ScriptHost second = ScriptHost.load(file, "Bot", null);
    core.start(second);
    assertThat(core.jobs).hasSize(2);

    core.advance(second, Duration.ofSeconds(90));

    assertThat(core.jobs).hasSize(1);
    assertThat(core.state).containsEntry("ticks", "3");
  }

  @Test
  void aTopLevelEveryRemovedFromTheScriptIsCancelled() {
    Path file = Scripts.write(dir, "ticker.groovy", "every(30, SECONDS) { send 'Log', 'tick' }\n");
    core.start(ScriptHost.load(file, "Bot", null));
    Scripts.write(dir, "ticker.groovy", "on start { }\n");
    ScriptHost edited = ScriptHost.load(file, "Bot", null);
    core.start(edited);
    core.advance(edited, Duration.ofMinutes(5));

    assertThat(core.jobs).isEmpty();
    assertThat(core.sent).isEmpty();
  }

  @Test
  void everyInAHandlerReturnsAnIdThatCancelStops() {
    ScriptHost host =
        Scripts.load(
            dir,
            "beat.groovy",
            """
        hear(~/^start/) { msg, m -> state.beat = every(10.seconds) { send msg.from, 'beat' } }
        hear(~/^stop/) { msg, m -> cancel state.beat }
        """);

    core.hear(host, "Sam:start");
    core.advance(host, Duration.ofSeconds(25));
    core.hear(host, "Sam:stop");
    core.advance(host, Duration.ofMinutes(1));

    assertThat(sentTexts()).containsExactly("Sam:beat", "Sam:beat");
    assertThat(core.jobs).isEmpty();
  }

  @Test
  void aTimerThatFailsIsLoggedWithItsLineAndRunsTheErrorHook() {
    ScriptHost host =
        Scripts.load(
            dir,
            "late.groovy",
            """
        on start {
            after(1.minute) {
                throw new IllegalStateException('too late')
            }
        }
        on error { e, msg -> send 'Log', "error ${e.message} ${msg == null}" }
        """);
    List<String> logged =
        Scripts.logged(
            "late.groovy",
            () -> {
              core.start(host);
              core.advance(host, Duration.ofMinutes(2));
            });

    assertThat(logged)
        .containsExactly(
            "WARN (late.groovy, line 3) timer after@late.groovy:2 failed: IllegalStateException: too late");
    assertThat(sentTexts()).containsExactly("Log:error too late true");
    assertThat(core.jobs).isEmpty();
  }

  @Test
  void aTimerBlockThatCapturesSomethingUnsaveableFailsWhereItIsSet() {
    ScriptHost host =
        Scripts.load(
            dir,
            "thread.groovy",
            """
        on start {
            def t = new Thread()
            after(1.minute) { log.info "${t}" }
        }
        """);

    assertThat(Scripts.logged("thread.groovy", () -> core.start(host)))
        .containsExactly(
            "WARN (thread.groovy, line 3) on start failed: after: the block "
                + "uses a value that cannot be saved for after a restart (java.lang.Thread); keep plain values "
                + "(text, numbers, lists, maps, msg) in local variables");
    assertThat(core.jobs).isEmpty();
  }

  @Test
  void afterAtTheTopOfTheScriptIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Scripts.load(dir, "top.groovy", "\nafter(5, MINUTES) { }\n"))
        .hasMessage(
            "(top.groovy, line 2) after at the top of the script would run again at every load; "
                + "put it in on start { after(...) { } }");
  }
}

package p2pchat.agent.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** cron's slots on a clock the test moves: once per slot, across restarts and reloads. */
class CronTest extends CoreFixture {

  /** Monday 2 March 2026, 08:00 UTC. */
  private static final long MONDAY_8 = Instant.parse("2026-03-02T08:00:00Z").toEpochMilli();

  private static final String STANDUP =
      """
      cron('0 9 * * MON-FRI', zone: 'UTC') {
          state.runs = (state.runs ?: 0) + 1
          send 'Team', "stand-up ${state.runs}"
      }
      """;

  private ScriptHost load(String name, String source) {
    return ScriptHost.load(Scripts.write(dir, name, source), "Bot", null, null, () -> core.now);
  }

  private static String at(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  /** The cron's one job is for the slot at {@code instant} (ISO, UTC). */
  private void assertOneJobDueAt(String instant) {
    assertThat(core.jobs.values())
        .singleElement()
        .satisfies(j -> assertThat(at(j.dueAt())).isEqualTo(instant));
  }

  @Test
  void itFiresOncePerSlotOnlyOnTheDaysItNames() {
    core.now = MONDAY_8;
    ScriptHost host = load("standup.groovy", STANDUP);
    core.start(host);
    assertOneJobDueAt("2026-03-02T09:00:00Z");

    core.advance(host, Duration.ofDays(7)); // Monday 08:00 to the next Monday 08:00

    assertThat(sentTexts())
        .containsExactly(
            "Team:stand-up 1",
            "Team:stand-up 2",
            "Team:stand-up 3",
            "Team:stand-up 4",
            "Team:stand-up 5");
    assertOneJobDueAt("2026-03-09T09:00:00Z");
  }

  @Test
  void slotsMissedWhileTheAgentWasDownFireOnceAtStartNotOncePerSlot() {
    core.now = MONDAY_8;
    ScriptHost before = load("standup.groovy", STANDUP);
    core.start(before);
    core.now = Instant.parse("2026-03-05T12:00:00Z").toEpochMilli(); // down until Thursday noon

    ScriptHost afterRestart = load("standup.groovy", STANDUP);
    core.start(afterRestart);
    core.advance(afterRestart, Duration.ZERO);

    assertThat(sentTexts()).containsExactly("Team:stand-up 1");
    assertOneJobDueAt("2026-03-06T09:00:00Z");
  }

  @Test
  void withCatchUpFalseAMissedSlotIsSkippedAndTheNextOneFires() {
    String source = STANDUP.replace("zone: 'UTC'", "zone: 'UTC', catchUp: false");
    core.now = MONDAY_8;
    core.start(load("standup.groovy", source));
    core.now = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli(); // down over Monday's slot

    ScriptHost afterRestart = load("standup.groovy", source);
    core.start(afterRestart);
    core.advance(afterRestart, Duration.ofHours(1));
    assertThat(sentTexts()).isEmpty();

    core.advance(afterRestart, Duration.ofDays(1)); // Tuesday 09:00 is not missed: it fires
    assertThat(sentTexts()).containsExactly("Team:stand-up 1");
  }

  @Test
  void aHotReloadKeepsTheOneJobAndAChangedScheduleReplacesIt() {
    core.now = MONDAY_8;
    Path file = Scripts.write(dir, "standup.groovy", STANDUP);
    ScriptHost host = ScriptHost.load(file, "Bot", null, null, () -> core.now);
    core.start(host);
    long id = core.jobs.keySet().iterator().next();

    Scripts.write(dir, "standup.groovy", STANDUP + "on message { msg -> reply 'hi' }\n");
    assertThat(host.reload().error()).isNull();
    core.hear(host, "Sam:hello");
    assertThat(core.jobs.keySet()).containsExactly(id);

    Scripts.write(dir, "standup.groovy", STANDUP.replace("0 9", "30 9"));
    assertThat(host.reload().error()).isNull();
    core.hear(host, "Sam:hello");
    assertOneJobDueAt("2026-03-02T09:30:00Z");

    Scripts.write(dir, "standup.groovy", "on message { msg -> }\n");
    assertThat(host.reload().error()).isNull();
    core.hear(host, "Sam:hello");
    assertThat(core.jobs).isEmpty();
  }

  @Test
  void aZoneMovesTheSlotToItsLocalTime() {
    core.now = MONDAY_8 - Duration.ofHours(2).toMillis();
    ScriptHost host = load("berlin.groovy", STANDUP.replace("'UTC'", "'Europe/Berlin'"));
    core.start(host);
    assertOneJobDueAt("2026-03-02T08:00:00Z");
  }

  @Test
  void aBlockThatFailsStillLeavesTheNextSlotScheduled() {
    core.now = MONDAY_8;
    ScriptHost host =
        load(
            "failing.groovy",
            """
            cron('0 9 * * *', zone: 'UTC') {
                if (!state.failed) { throw new IllegalStateException('first run fails') }
                send 'Team', 'ran'
            }
            on error { e, msg -> state.failed = true; send 'Team', "failed: ${e.message}" }
            """);
    core.start(host);
    core.advance(host, Duration.ofDays(2));

    assertThat(sentTexts()).containsExactly("Team:failed: first run fails", "Team:ran");
    assertThat(core.jobs).hasSize(1);
  }

  @Test
  void anExpressionThatDoesNotParseNamesTheLineAndTheWrongField() {
    assertThatThrownBy(() -> load("bad.groovy", "on start { }\ncron('0 9 * * MOON') { }\n"))
        .hasMessageStartingWith(
            "(bad.groovy, line 2) cron '0 9 * * MOON': the day of week field 'MOON' is wrong (");
    assertThatThrownBy(() -> load("bad.groovy", "cron('61 9 * * *') { }\n"))
        .hasMessageStartingWith("(bad.groovy, line 1) cron '61 9 * * *': the minute field '61'");
    assertThatThrownBy(() -> load("bad.groovy", "cron('0 9 * *') { }\n"))
        .hasMessage(
            "(bad.groovy, line 1) cron '0 9 * *' has 4 field(s); it needs five fields: minute hour"
                + " day-of-month month day-of-week, like '0 9 * * MON-FRI'");
    assertThatThrownBy(() -> load("bad.groovy", "cron('0 9 * * *', zone: 'Mars/Olympus') { }\n"))
        .hasMessageStartingWith(
            "(bad.groovy, line 1) cron's zone: 'Mars/Olympus' is not a time zone");
    assertThatThrownBy(
            () -> load("bad.groovy", "on message { msg -> cron('0 9 * * *') { } }\ncron('x') {}\n"))
        .hasMessageStartingWith("(bad.groovy, line 2) cron 'x' has 1 field(s)");
  }
}

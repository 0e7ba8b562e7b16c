package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeded fault schedules: drawn from the seed alone, run against real agents, healed after. */
class NemesisTest {
  private static final List<String> FAULTS = List.of("crash", "partition", "latency", "reset");
  private static final List<String> PEERS = List.of("Ann", "Bob", "Cat");

  @TempDir Path dir;

  @Test
  void oneSeedGivesOneScheduleAndAnotherSeedAnother() {
    Span d = Span.ofMillis(60_000);
    List<Nemesis.Event> a = Nemesis.schedule(42, d, FAULTS, PEERS, List.of());
    assertThat(Nemesis.schedule(42, d, FAULTS, PEERS, List.of())).isEqualTo(a);
    assertThat(Nemesis.schedule(43, d, FAULTS, PEERS, List.of())).isNotEqualTo(a);
    assertThat(a).hasSizeGreaterThan(10);
    assertThat(a).allSatisfy(e -> assertThat(e.at() + e.hold()).isLessThanOrEqualTo(60_000));
    assertThat(a).extracting(Nemesis.Event::fault).containsAll(FAULTS);
  }

  @Test
  void twoRunsWithOneSeedRunTheSameScheduleAgainstRealAgentsAndPass() {
    List<String> first = runSmall(null);
    List<String> second = runSmall(null);
    assertThat(first).hasSizeGreaterThan(1).first().asString().startsWith("nemesis seed 7 (");
    assertThat(second).isEqualTo(first);
  }

  @Test
  void theCommandLineSeedOverridesTheFiles() {
    List<String> notes = runSmall(99L);
    assertThat(notes.get(0)).startsWith("nemesis seed 99 (from --seed");
    assertThat(notes.subList(1, notes.size())).isNotEqualTo(runSmallSchedule(7));
  }

  @Test
  void anUnknownFaultIsRefusedNamingThoseThatExist() {
    try (Scenario s = scenarioWithAnn("unknown")) {
      assertThatThrownBy(() -> s.nemesis(oneSecondOnAnn(List.of("crash", "meteor"))))
          .isInstanceOf(ScenarioError.class)
          .satisfies(
              e ->
                  assertThat(((ScenarioError) e).describe())
                      .isEqualTo(
                          "unknown nemesis fault 'meteor'; valid: "
                              + String.join(", ", Nemesis.FAULTS)));
    }
  }

  @Test
  void clockAndDiskFaultsStrikeOnePeerAndAClockJumpsUpToNinetySecondsEitherWay() {
    List<Nemesis.Event> events =
        Nemesis.schedule(5, Span.ofMillis(120_000), List.of("clock", "disk"), PEERS, List.of());
    assertThat(events).extracting(Nemesis.Event::fault).contains("clock", "disk");
    assertThat(events).allSatisfy(e -> assertThat(e.targets()).hasSize(1).isSubsetOf(PEERS));
    List<Long> jumps =
        events.stream().filter(e -> e.fault().equals("clock")).map(Nemesis.Event::amount).toList();
    assertThat(jumps)
        .allSatisfy(ms -> assertThat(Math.abs(ms)).isBetween(5_000L, 90_000L))
        .anySatisfy(ms -> assertThat(ms).isPositive())
        .anySatisfy(ms -> assertThat(ms).isNegative());
    assertThat(events.get(0).describe())
        .matches("\\+\\d+\\.\\d\\d s (clock of \\w+ [+-]\\d+ s|disk of \\w+ full) for .*");
  }

  @Test
  void pauseNeedsAProcessPeer() {
    try (Scenario s = scenarioWithAnn("pause")) {
      assertThatThrownBy(() -> s.nemesis(oneSecondOnAnn(List.of("pause"))))
          .isInstanceOf(ScenarioError.class)
          .hasMessageContaining("needs a process peer");
    }
  }

  /** A scenario with a registry and one in-process peer, Ann. */
  private Scenario scenarioWithAnn(String name) {
    Scenario s = Scenario.create(name, dir, Progress.SILENT);
    try {
      s.startRegistry(Map.of());
      s.peer(Map.of(), "Ann");
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** {@code nemesis(duration: 1.seconds, faults: faults, peers: ['Ann'])}. */
  private static Map<String, Object> oneSecondOnAnn(List<String> faults) {
    return Map.of("duration", Span.ofMillis(1000), "faults", faults, "peers", List.of("Ann"));
  }

  private static List<String> runSmallSchedule(long seed) {
    return Nemesis.schedule(
            seed,
            Span.ofMillis(4000),
            List.of("crash", "partition", "oneWay", "latency", "drop", "reset", "slicer"),
            PEERS,
            List.of())
        .stream()
        .map(e -> "nemesis " + e.describe())
        .toList();
  }

  /** The nemesis lines of a run of nemesis/small.groovy, which must pass. */
  private List<String> runSmall(Long seed) {
    Path file = Path.of("src/test/resources/nemesis/small.groovy").toAbsolutePath();
    List<ScenarioResult> results =
        new ScenarioRunner(dir.resolve("reports"), Progress.SILENT, seed).run(file);
    ScenarioResult r = results.get(0);
    assertThat(r.outcome()).as(r.message()).isEqualTo(ScenarioResult.Outcome.PASSED);
    assertThat(r.report()).content().contains("Fault schedule");
    return r.steps().stream()
        .map(Timeline.Step::label)
        .filter(l -> l.startsWith("nemesis "))
        .map(l -> l.replaceAll("\\(drawn; replay with --seed \\d+\\)", ""))
        .toList();
  }
}

package p2pchat.agent.handling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import p2pchat.agent.Job;

/** The dispatcher's timers: the one source of job ids, and the due order. */
class TimerSetTest {
  private static Job job(long id, long dueAt, Long period) {
    return new Job(id, dueAt, period, new byte[0], "job " + id);
  }

  @Test
  void newIdsStartAboveTheHighestStoredOne() {
    TimerSet timers = new TimerSet();
    timers.reload(List.of(job(7, 1_000, null), job(3, 500, null)));
    assertThat(timers.nextId()).isEqualTo(8);
    assertThat(timers.nextId()).isEqualTo(9);
    timers.reload(List.of());
    assertThat(timers.nextId()).isEqualTo(1);
  }

  @Test
  void dueTimersComeOutByDueTimeAndOnlyWhenDue() {
    TimerSet timers = new TimerSet();
    timers.reload(List.of(job(1, 3_000, null), job(2, 1_000, null), job(3, 2_000, null)));
    assertThat(timers.pollDue(2_500)).extracting(Job::id).isEqualTo(2L);
    assertThat(timers.pollDue(2_500)).extracting(Job::id).isEqualTo(3L);
    assertThat(timers.pollDue(2_500)).isNull();
    assertThat(timers.waitMillis(2_500, 1_000)).isEqualTo(500);
  }

  @Test
  void aLateRepeatingTimerIsDueOnePeriodFromNow() {
    assertThat(TimerSet.nextRun(job(1, 1_000, 100L), 1_050).dueAt()).isEqualTo(1_100);
    assertThat(TimerSet.nextRun(job(1, 1_000, 100L), 5_000).dueAt()).isEqualTo(5_100);
  }
}

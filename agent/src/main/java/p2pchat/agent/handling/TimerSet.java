package p2pchat.agent.handling;

import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import p2pchat.agent.Job;

/**
 * The dispatcher's view of an agent's persisted timers, by due time, and the one source of job ids:
 * seeded from the highest id stored, so the dispatcher (the only writer of jobs) numbers them and a
 * behavior can cancel a timer in the same call that set it. Confined to the dispatcher's drains
 * (one at a time); not thread-safe.
 */
final class TimerSet {
  private static final Comparator<Job> BY_DUE =
      Comparator.comparingLong(Job::dueAt).thenComparingLong(Job::id);

  private final TreeSet<Job> jobs = new TreeSet<>(BY_DUE);
  private long nextId;

  /**
   * Forgets what it holds and takes the store's timers instead (at start, after a failed round).
   */
  void reload(List<Job> stored) {
    jobs.clear();
    jobs.addAll(stored);
    nextId = jobs.stream().mapToLong(Job::id).max().orElse(0) + 1;
  }

  long nextId() {
    return nextId++;
  }

  List<Job> snapshot() {
    return List.copyOf(jobs);
  }

  /** The earliest timer due at {@code now}, taken out of the set; null if none is due. */
  Job pollDue(long now) {
    return !jobs.isEmpty() && jobs.first().dueAt() <= now ? jobs.pollFirst() : null;
  }

  boolean hasAny() {
    return !jobs.isEmpty();
  }

  /** How long to wait for the next timer, at most {@code max}. */
  long waitMillis(long now, long max) {
    return jobs.isEmpty() ? max : Math.min(max, Math.max(1, jobs.first().dueAt() - now));
  }

  /** Later calls of the same round must see earlier calls' timers. */
  void apply(CallEffects fx) {
    jobs.addAll(fx.newJobs);
    if (!fx.cancelled.isEmpty()) {
      jobs.removeIf(j -> fx.cancelled.contains(j.id()));
    }
  }

  /** A repeating timer that fired, due again one period on (or one period from now, if late). */
  static Job nextRun(Job fired, long now) {
    long next = fired.dueAt() + fired.periodMillis();
    if (next <= now) {
      next = now + fired.periodMillis();
    }
    return new Job(fired.id(), next, fired.periodMillis(), fired.payload(), fired.description());
  }

  void addAll(List<Job> rescheduled) {
    jobs.addAll(rescheduled);
  }
}

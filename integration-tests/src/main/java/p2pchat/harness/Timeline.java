package p2pchat.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * What happened during one scenario run, in order: the steps (with their source line, time and
 * outcome) and the marks that the report draws on the lanes (crashes, restarts, partitions,
 * registry down). Consecutive steps from the same source line (a send in a loop) fold into one step
 * with a count. Thread-safe.
 */
public final class Timeline {

  /** One step of the story. {@code count} > 1 when a loop repeated the same line. */
  public record Step(
      int line, String label, long startedAt, long endedAt, boolean ok, int count, String detail) {
    public Span took() {
      return new Span((endedAt - startedAt) * 1_000_000L);
    }

    Step again(long endedAt) {
      return new Step(line, label, startedAt, endedAt, ok, count + 1, detail);
    }
  }

  /** A fault or a lifecycle event drawn on a lane; {@code lane} is a peer name or "registry". */
  public record Mark(long at, String lane, String kind, String label) {}

  /** Told when a step is final (it will not fold any more). */
  public interface Listener {
    void stepDone(Step step);
  }

  private final long startedAt = System.currentTimeMillis();
  private final List<Step> steps = new ArrayList<>();
  private final List<Mark> marks = new ArrayList<>();
  private final Listener listener;
  private final java.util.LinkedHashMap<Integer, Step> open =
      new java.util.LinkedHashMap<>(); // foldable steps of the loop running now

  public Timeline(Listener listener) {
    this.listener = listener;
  }

  public long startedAt() {
    return startedAt;
  }

  /**
   * Records a finished step. Foldable steps (sends, sleeps, peer starts) fold into an earlier one
   * from the same line as long as only foldable steps came between: a loop shows each of its lines
   * once, with a count.
   */
  public synchronized void step(
      int line, String label, long start, long end, boolean ok, String detail, boolean foldable) {
    if (foldable && ok) {
      Step before = open.get(line);
      open.put(
          line,
          before != null && before.label().equals(label)
              ? before.again(end)
              : new Step(line, label, start, end, ok, 1, detail));
      return;
    }
    flush();
    Step s = new Step(line, label, start, end, ok, 1, detail);
    steps.add(s);
    listener.stepDone(s);
  }

  /** Closes the open foldable steps (before another step, and at the end of the run). */
  public synchronized void flush() {
    for (Step s : open.values()) {
      steps.add(s);
      listener.stepDone(s);
    }
    open.clear();
  }

  public synchronized void mark(String lane, String kind, String label) {
    marks.add(new Mark(System.currentTimeMillis(), lane, kind, label));
  }

  public synchronized List<Step> steps() {
    List<Step> all = new ArrayList<>(steps);
    all.addAll(open.values());
    return all;
  }

  public synchronized List<Mark> marks() {
    return List.copyOf(marks);
  }
}

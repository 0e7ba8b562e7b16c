package p2pchat.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * What happened during one scenario run, in order: the steps (with their source line, time and
 * outcome) and the marks that the report draws on the lanes (crashes, restarts, partitions,
 * registry down). Consecutive steps from the same source line (a send in a loop) fold into one
 * step with a count. Thread-safe.
 */
public final class Timeline {

  /** One step of the story. {@code count} > 1 when a loop repeated the same line. */
  public record Step(int line, String label, long startedAt, long endedAt, boolean ok, int count, String detail) {
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
  private Step open; // the last step, still allowed to fold

  public Timeline(Listener listener) {
    this.listener = listener;
  }

  public long startedAt() {
    return startedAt;
  }

  /** Records a finished step; a repeat of the open foldable step folds into it. */
  public synchronized void step(int line, String label, long start, long end, boolean ok, String detail, boolean foldable) {
    if (open != null && foldable && ok && open.ok() && open.line() == line && open.label().equals(label)) {
      open = open.again(end);
      return;
    }
    flush();
    Step s = new Step(line, label, start, end, ok, 1, detail);
    if (foldable && ok) {
      open = s;
    } else {
      steps.add(s);
      listener.stepDone(s);
    }
  }

  /** Closes the open step (before a different step, and at the end of the run). */
  public synchronized void flush() {
    if (open != null) {
      steps.add(open);
      listener.stepDone(open);
      open = null;
    }
  }

  public synchronized void mark(String lane, String kind, String label) {
    marks.add(new Mark(System.currentTimeMillis(), lane, kind, label));
  }

  public synchronized List<Step> steps() {
    List<Step> all = new ArrayList<>(steps);
    if (open != null) {
      all.add(open);
    }
    return all;
  }

  public synchronized List<Mark> marks() {
    return List.copyOf(marks);
  }
}

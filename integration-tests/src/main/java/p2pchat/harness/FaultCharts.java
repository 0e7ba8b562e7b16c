package p2pchat.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's pictures of faults: a fault timeline (one row per peer and one for the registry,
 * each fault a bar from when it began to when it was healed) and delivery latency over time (one
 * dot per message at the moment it was queued, its height its latency; lost ones as red crosses on
 * top), with the faults' spans shaded behind. Plain SVG, no scripts; hover gives the details.
 * Stateless.
 */
final class FaultCharts {
  private static final int WIDTH = 900;
  private static final int LEFT = 90;
  private static final int ROW = 22;
  private static final int PLOT_HEIGHT = 220;
  private static final int MAX_DOTS = 4000;

  private FaultCharts() {}

  /** One fault on one lane, from its mark to the next heal there (or the end of the run). */
  record Interval(String lane, long from, long to, String label, boolean healed) {}

  /** Pairs each fault mark with the next heal of its lane. */
  static List<Interval> spans(List<Timeline.Mark> marks, long end) {
    List<Interval> spans = new ArrayList<>();
    Map<String, Timeline.Mark> open = new LinkedHashMap<>();
    for (Timeline.Mark m : marks) {
      if (HistoryFile.FAULTS.contains(m.kind())) {
        Timeline.Mark before = open.put(m.lane(), m);
        if (before != null) { // a second fault before a heal: the first lasts until this one
          spans.add(new Interval(m.lane(), before.at(), m.at(), before.label(), false));
        }
      } else if (HistoryFile.HEALS.contains(m.kind())) {
        Timeline.Mark f = open.remove(m.lane());
        if (f != null) {
          spans.add(new Interval(m.lane(), f.at(), m.at(), f.label() + " → " + m.label(), true));
        }
      }
    }
    open.values().forEach(f -> spans.add(new Interval(f.lane(), f.at(), end, f.label(), false)));
    spans.sort(java.util.Comparator.comparingLong(Interval::from));
    return spans;
  }

  /** The fault timeline: a row per lane, a bar per fault, and a table of the same. */
  static String timeline(List<String> peers, List<Timeline.Mark> marks, long t0, long end) {
    List<String> lanes = new ArrayList<>(peers);
    lanes.add("registry");
    List<Interval> spans = spans(marks, end);
    long total = Math.max(1, end - t0);
    int height = lanes.size() * ROW + 30;
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"fault-timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\">\n");
    for (int i = 0; i < lanes.size(); i++) {
      int y = 10 + i * ROW;
      s.append("<text x=\"4\" y=\"")
          .append(y + 14)
          .append("\">")
          .append(HtmlReport.esc(lanes.get(i)))
          .append("</text><line x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(WIDTH - 10)
          .append("\" y1=\"")
          .append(y + 10)
          .append("\" y2=\"")
          .append(y + 10)
          .append("\" stroke=\"#ddd\"/>\n");
    }
    for (Interval f : spans) {
      int row = lanes.indexOf(f.lane());
      if (row < 0) {
        continue;
      }
      double x = x(f.from(), t0, total);
      double w = Math.max(2, x(f.to(), t0, total) - x);
      s.append("<rect class=\"fault\" x=\"")
          .append(fmt(x))
          .append("\" y=\"")
          .append(10 + row * ROW + 3)
          .append("\" width=\"")
          .append(fmt(w))
          .append("\" height=\"14\" fill=\"")
          .append(f.healed() ? "#e57373" : "#b71c1c")
          .append("\"><title>")
          .append(HtmlReport.esc(f.lane() + ": " + f.label() + " " + at(f.from(), t0)))
          .append(" for ")
          .append(new Span((f.to() - f.from()) * 1_000_000L))
          .append("</title></rect>\n");
    }
    axis(s, height - 14, total);
    s.append("</svg>\n");
    s.append(
        "<table class=\"faults\"><tr><th>at</th><th>lane</th><th>what</th><th>lasted</th></tr>\n");
    // a link fault marks both its peers: one row for it, its lanes together
    Map<String, List<Interval>> rows = new LinkedHashMap<>();
    for (Interval f : spans) {
      rows.computeIfAbsent(f.from() + " " + f.to() + " " + f.label(), k -> new ArrayList<>())
          .add(f);
    }
    for (List<Interval> same : rows.values()) {
      Interval f = same.get(0);
      s.append("<tr><td>")
          .append(at(f.from(), t0))
          .append("</td><td>")
          .append(HtmlReport.esc(String.join(", ", same.stream().map(Interval::lane).toList())))
          .append("</td><td>")
          .append(HtmlReport.esc(f.label()))
          .append("</td><td>")
          .append(f.healed() ? new Span((f.to() - f.from()) * 1_000_000L) : "to the end")
          .append("</td></tr>\n");
    }
    s.append("</table>\n");
    return s.toString();
  }

  /** Latency over time: a dot per delivered message, a cross per lost one, faults shaded. */
  static String latencyPlot(History history, List<Timeline.Mark> marks, long t0, long end) {
    long total = Math.max(1, end - t0);
    List<History.Flow> flows = history.flows().stream().filter(f -> f.sentAt() >= t0).toList();
    long max =
        Math.max(
            10,
            flows.stream()
                .filter(History.Flow::received)
                .mapToLong(History.Flow::latencyMillis)
                .max()
                .orElse(10));
    int top = 10;
    int bottom = top + PLOT_HEIGHT;
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"latency-plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(bottom + 30)
        .append("\">\n");
    for (Interval f : spans(marks, end)) {
      double x = x(f.from(), t0, total);
      s.append("<rect class=\"fault-band\" x=\"")
          .append(fmt(x))
          .append("\" y=\"")
          .append(top)
          .append("\" width=\"")
          .append(fmt(Math.max(1, x(f.to(), t0, total) - x)))
          .append("\" height=\"")
          .append(PLOT_HEIGHT)
          .append("\" fill=\"#e57373\" fill-opacity=\"0.15\"><title>")
          .append(HtmlReport.esc(f.lane() + ": " + f.label() + " " + at(f.from(), t0)))
          .append("</title></rect>\n");
    }
    s.append("<line x1=\"")
        .append(LEFT)
        .append("\" x2=\"")
        .append(LEFT)
        .append("\" y1=\"")
        .append(top)
        .append("\" y2=\"")
        .append(bottom)
        .append("\" stroke=\"#999\"/>\n<text x=\"4\" y=\"")
        .append(top + 10)
        .append("\">")
        .append(max)
        .append(" ms</text><text x=\"4\" y=\"")
        .append(bottom)
        .append("\">0 ms</text>\n");
    int step = Math.max(1, flows.size() / MAX_DOTS); // a long run shows every n-th message
    for (int i = 0; i < flows.size(); i += step) {
      History.Flow f = flows.get(i);
      double x = x(f.sentAt(), t0, total);
      if (f.received()) {
        double y = bottom - (double) f.latencyMillis() * PLOT_HEIGHT / max;
        s.append("<circle class=\"msg\" cx=\"")
            .append(fmt(x))
            .append("\" cy=\"")
            .append(fmt(y))
            .append("\" r=\"2\" fill=\"#1565c0\"><title>")
            .append(HtmlReport.esc(f.brief()))
            .append(" ")
            .append(f.latencyMillis())
            .append(" ms</title></circle>\n");
      } else if (!f.expired()) {
        s.append("<text class=\"lost\" x=\"")
            .append(fmt(x - 3))
            .append("\" y=\"")
            .append(top + 8)
            .append("\" fill=\"#c62828\">✗<title>")
            .append(HtmlReport.esc(f.brief()))
            .append(" never arrived</title></text>\n");
      }
    }
    axis(s, bottom + 16, total);
    s.append("</svg>\n");
    return s.toString();
  }

  /** What each checker counted, as it last judged. */
  static String checkers(List<HistoryCheckers.Outcome> outcomes) {
    StringBuilder s = new StringBuilder();
    s.append("<table class=\"checkers\"><tr><th></th><th>checker</th><th>counted</th></tr>\n");
    for (HistoryCheckers.Outcome o : outcomes) {
      s.append("<tr class=\"")
          .append(o.ok() ? "ok" : "bad")
          .append("\"><td>")
          .append(o.ok() ? "✓" : "✗")
          .append("</td><td><code>check.")
          .append(HtmlReport.esc(o.word()))
          .append("()</code></td><td>")
          .append(HtmlReport.esc(o.counted()))
          .append("</td></tr>\n");
    }
    s.append("</table>\n");
    return s.toString();
  }

  private static void axis(StringBuilder s, int y, long total) {
    for (int i = 0; i <= 5; i++) {
      long t = total * i / 5;
      s.append("<text x=\"")
          .append(fmt(LEFT + (WIDTH - LEFT - 40) * i / 5.0))
          .append("\" text-anchor=\"middle")
          .append("\" y=\"")
          .append(y)
          .append("\">")
          .append(String.format(Locale.ROOT, "%.1f s", t / 1000.0))
          .append("</text>");
    }
    s.append('\n');
  }

  private static double x(long at, long t0, long total) {
    return LEFT + (WIDTH - LEFT - 40) * (double) Math.max(0, Math.min(total, at - t0)) / total;
  }

  private static String at(long at, long t0) {
    return String.format(Locale.ROOT, "+%.2f s", (at - t0) / 1000.0);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}

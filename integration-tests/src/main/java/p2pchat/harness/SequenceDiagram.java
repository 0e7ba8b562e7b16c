package p2pchat.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Draws a message sequence diagram as SVG: one vertical lane per peer (and one for the registry),
 * time running downwards, one arrow per message from the moment its sender queued it to the moment
 * its receiver stored it, and marks for faults and restarts. Quiet stretches are shortened so
 * bursts stay readable. Stateless.
 */
final class SequenceDiagram {
  private static final int TOP = 56;
  private static final int LEFT = 70;
  private static final int MAX_GAP = 48;
  private static final int MAX_HEIGHT = 6000;

  private SequenceDiagram() {}

  static String svg(List<String> peers, History history, List<Timeline.Mark> marks, long t0) {
    List<String> lanes = new ArrayList<>();
    lanes.add("registry");
    lanes.addAll(peers);
    int laneW = peers.size() > 16 ? 64 : peers.size() > 6 ? 100 : 160;
    TreeSet<Long> times = new TreeSet<>();
    times.add(t0);
    for (History.Flow f : history.flows()) {
      times.add(f.sentAt());
      if (f.received()) {
        times.add(f.receivedAt().get(0));
      }
    }
    marks.forEach(m -> times.add(m.at()));
    Scale scale = new Scale(times);
    int width = LEFT + lanes.size() * laneW + 120;
    int height = (int) scale.bottom() + 40;
    StringBuilder s = new StringBuilder(history.flows().size() * 200 + 4096);
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sequence\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\">\n")
        .append(
            "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\">"
                + "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#1565c0\"/></marker>"
                + "<marker id=\"lost\" viewBox=\"0 0 10 10\" refX=\"5\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\">"
                + "<path d=\"M 1 1 L 9 9 M 9 1 L 1 9\" stroke=\"#c62828\" stroke-width=\"2\"/></marker></defs>\n");
    for (int i = 0; i < lanes.size(); i++) {
      double x = laneX(i, laneW);
      boolean registry = i == 0;
      s.append("<g class=\"lane\" data-peer=\"")
          .append(HtmlReport.esc(lanes.get(i)))
          .append("\"><text x=\"")
          .append(fmt(x))
          .append("\" y=\"20\" text-anchor=\"middle\" font-weight=\"bold\"")
          .append(registry ? " fill=\"#888\"" : "")
          .append('>')
          .append(HtmlReport.esc(lanes.get(i)))
          .append("</text><line x1=\"")
          .append(fmt(x))
          .append("\" y1=\"30\" x2=\"")
          .append(fmt(x))
          .append("\" y2=\"")
          .append(height - 10)
          .append("\" stroke=\"")
          .append(registry ? "#ccc" : "#999")
          .append("\" stroke-dasharray=\"")
          .append(registry ? "2 4" : "4 3")
          .append("\"/></g>\n");
    }
    // time ruler and shortened gaps
    double lastLabel = -1000;
    for (long t : times) {
      double y = scale.y(t);
      if (y - lastLabel >= 80) {
        s.append("<text x=\"4\" y=\"")
            .append(fmt(y + 4))
            .append("\" fill=\"#888\">+")
            .append(new Span((t - t0) * 1_000_000L))
            .append("</text>\n");
        lastLabel = y;
      }
    }
    for (double[] gap : scale.gaps()) {
      s.append("<text class=\"gap\" x=\"")
          .append(LEFT - 14)
          .append("\" y=\"")
          .append(fmt(gap[0] + 4))
          .append("\" fill=\"#aaa\">⋯ ")
          .append(new Span((long) gap[1] * 1_000_000L))
          .append("</text>\n");
    }
    for (History.Flow f : history.flows()) {
      int from = lanes.indexOf(f.from());
      int to = lanes.indexOf(f.to());
      if (from < 0 || to < 0) {
        continue;
      }
      double x1 = laneX(from, laneW);
      double x2 = laneX(to, laneW);
      double y1 = scale.y(f.sentAt());
      boolean arrived = f.received();
      double y2 = arrived ? scale.y(f.receivedAt().get(0)) : scale.bottom();
      String title =
          f.from()
              + " → "
              + f.to()
              + (f.room() == null ? "" : " in " + f.room()) // a room's message: one arrow a member
              + " #"
              + f.seq()
              + " "
              + Texts.quote(f.text())
              + (arrived
                  ? ", "
                      + f.latencyMillis()
                      + " ms"
                      + (f.receivedAt().size() > 1
                          ? ", stored " + f.receivedAt().size() + " times"
                          : "")
                  : f.expired() ? ", expired" : ", never stored");
      s.append("<line class=\"msg")
          .append(arrived ? "" : " lost")
          .append("\" data-id=\"")
          .append(HtmlReport.esc(f.id()))
          .append("\" x1=\"")
          .append(fmt(x1))
          .append("\" y1=\"")
          .append(fmt(y1))
          .append("\" x2=\"")
          .append(fmt(x2))
          .append("\" y2=\"")
          .append(fmt(y2))
          .append("\" stroke=\"")
          .append(arrived ? "#1565c0" : "#c62828")
          .append("\" stroke-width=\"1.2\"")
          .append(
              arrived
                  ? " marker-end=\"url(#arrow)\""
                  : " stroke-dasharray=\"5 3\" marker-end=\"url(#lost)\"")
          .append("><title>")
          .append(HtmlReport.esc(title))
          .append("</title></line>\n");
      if (history.flows().size() <= 40) {
        s.append("<text class=\"label\" x=\"")
            .append(fmt((x1 + x2) / 2))
            .append("\" y=\"")
            .append(fmt((y1 + y2) / 2 - 3))
            .append("\" text-anchor=\"middle\" fill=\"#555\">")
            .append(HtmlReport.esc(Texts.quote(f.text())))
            .append("</text>\n");
      }
    }
    for (Timeline.Mark m : marks) {
      int lane = lanes.indexOf(m.lane());
      if (lane < 0) {
        continue;
      }
      double x = laneX(lane, laneW);
      double y = scale.y(m.at());
      String color =
          switch (m.kind()) {
            case "crash", "down" -> "#c62828";
            case "stop", "pause" -> "#ef6c00";
            case "start", "resume", "up", "heal" -> "#2e7d32";
            default -> "#6a1b9a";
          };
      s.append("<g class=\"mark ")
          .append(HtmlReport.esc(m.kind()))
          .append("\"><rect x=\"")
          .append(fmt(x - 9))
          .append("\" y=\"")
          .append(fmt(y - 3))
          .append("\" width=\"18\" height=\"6\" fill=\"")
          .append(color)
          .append("\"><title>")
          .append(HtmlReport.esc(m.lane() + ": " + m.label()))
          .append("</title></rect><text x=\"")
          .append(fmt(x + 12))
          .append("\" y=\"")
          .append(fmt(y + 4))
          .append("\" fill=\"")
          .append(color)
          .append("\">")
          .append(HtmlReport.esc(m.label()))
          .append("</text></g>\n");
    }
    return s.append("</svg>").toString();
  }

  private static double laneX(int i, int laneW) {
    return LEFT + i * laneW + laneW / 2.0;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** Maps times to y, shortening gaps longer than MAX_GAP pixels. */
  private static final class Scale {
    private final long[] times;
    private final double[] ys;
    private final List<double[]> gaps = new ArrayList<>();

    Scale(TreeSet<Long> sorted) {
      times = sorted.stream().mapToLong(Long::longValue).toArray();
      ys = new double[times.length];
      double pxPerMs = 0.8;
      for (int attempt = 0; attempt < 6; attempt++) {
        gaps.clear();
        double y = TOP;
        for (int i = 0; i < times.length; i++) {
          if (i > 0) {
            long gap = times[i] - times[i - 1];
            double dy = gap * pxPerMs;
            if (dy > MAX_GAP) {
              gaps.add(new double[] {y + MAX_GAP / 2.0, gap});
              dy = MAX_GAP;
            }
            y += Math.max(dy, gap > 0 ? 0.6 : 0);
          }
          ys[i] = y;
        }
        if (y < MAX_HEIGHT) {
          break;
        }
        pxPerMs /= 2;
      }
    }

    double y(long t) {
      int i = Arrays.binarySearch(times, t);
      return ys[i >= 0 ? i : Math.max(0, Math.min(ys.length - 1, -i - 2))];
    }

    double bottom() {
      return ys.length == 0 ? TOP : ys[ys.length - 1] + 20;
    }

    List<double[]> gaps() {
      return gaps;
    }
  }
}

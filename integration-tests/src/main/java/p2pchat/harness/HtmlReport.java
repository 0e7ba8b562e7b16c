package p2pchat.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the HTML report of one scenario: verdict, steps, latency summary, the message sequence
 * diagram ({@link SequenceDiagram}), the failure and the peers' last log lines. One self-contained
 * file, no scripts. Stateless.
 */
final class HtmlReport {
  private HtmlReport() {}

  static void write(
      Path file, ScenarioResult r, ScenarioSource source, Scenario scenario, History history)
      throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(r.name()))
        .append(" — p2pchat scenario</title>\n<style>")
        .append(CSS)
        .append("</style></head><body>\n");
    h.append("<h1>").append(esc(r.name())).append("</h1>\n");
    h.append("<p class=\"verdict ")
        .append(r.outcome().name().toLowerCase(java.util.Locale.ROOT))
        .append("\">")
        .append(
            switch (r.outcome()) {
              case PASSED -> "✓ ";
              case SKIPPED -> "○ ";
              case FAILED, ERROR -> "✗ ";
            })
        .append(r.outcome())
        .append(" in ")
        .append(r.took())
        .append("</p>\n<p class=\"meta\">")
        .append(esc(source.file().toString()))
        .append(" · ")
        .append(r.messages())
        .append(" messages · ")
        .append(scenario.peers().size())
        .append(" peers</p>\n");
    if (r.message() != null) {
      h.append("<h2>Why it ")
          .append(
              switch (r.outcome()) {
                case FAILED -> "failed";
                case SKIPPED -> "was skipped";
                default -> "stopped";
              })
          .append("</h2>\n<pre class=\"failure\">")
          .append(esc(r.message()))
          .append("</pre>\n");
    }
    h.append(
        "<h2>Steps</h2>\n<table class=\"steps\"><tr><th></th><th>line</th><th>step</th><th>took</th></tr>\n");
    for (Timeline.Step s : r.steps()) {
      h.append("<tr class=\"")
          .append(s.ok() ? "ok" : "bad")
          .append("\"><td>")
          .append(s.ok() ? "✓" : "✗")
          .append("</td><td>")
          .append(s.line())
          .append("</td><td><code>")
          .append(esc(s.label()))
          .append("</code>")
          .append(s.count() > 1 ? " ×" + s.count() : "")
          .append("</td><td>")
          .append(s.took())
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
    for (Nemesis n : scenario.nemeses()) {
      h.append("<h2>Fault schedule</h2>\n<p class=\"meta\">nemesis seed <b>")
          .append(n.getSeed())
          .append("</b> (")
          .append(esc(n.seedFrom()))
          .append("); replay with <code>--seed ")
          .append(n.getSeed())
          .append("</code>.</p>\n<pre class=\"schedule\">")
          .append(esc(String.join("\n", n.describe())))
          .append("</pre>\n");
    }
    if (history != null) {
      latency(h, history);
      h.append(
              "<h2>Message sequence</h2>\n<p class=\"meta\">Time runs downwards; each arrow is one message from the moment its sender queued it "
                  + "to the moment its receiver stored it (hover for details). Dashed red arrows never arrived. Marks on a lane are faults and restarts; "
                  + "long quiet gaps are shortened (⋯).</p>\n<div class=\"diagram\">")
          .append(
              SequenceDiagram.svg(
                  new ArrayList<>(scenario.peers().keySet()),
                  history,
                  scenario.timeline().marks(),
                  scenario.timeline().startedAt()))
          .append("</div>\n");
      long t0 = scenario.timeline().startedAt();
      long end = end(r, scenario, history);
      List<Timeline.Mark> marks = scenario.timeline().marks();
      h.append(
              "<h2 id=\"faults\">Fault timeline</h2>\n<p class=\"meta\">Each fault from when it began to when it was healed "
                  + "(a crash until the start, a pause until the resume, a link or registry fault until its heal); dark red: never healed.</p>\n")
          .append(FaultCharts.timeline(new ArrayList<>(scenario.peers().keySet()), marks, t0, end))
          .append(
              "<h2 id=\"latency-over-time\">Delivery latency over time</h2>\n<p class=\"meta\">One dot per message at the moment "
                  + "it was queued, its height its latency; ✗ never arrived; shaded: the faults above.</p>\n")
          .append(FaultCharts.latencyPlot(history, marks, t0, end));
    }
    if (!scenario.checkers().counted().isEmpty()) {
      h.append("<h2 id=\"checkers\">What the checkers counted</h2>\n")
          .append(FaultCharts.checkers(scenario.checkers().counted()));
    }
    if (r.outcome() != ScenarioResult.Outcome.PASSED && !r.logTails().isEmpty()) {
      h.append("<h2>Last log lines</h2>\n");
      r.logTails()
          .forEach(
              (peer, lines) ->
                  h.append("<details open><summary>")
                      .append(esc(peer))
                      .append("</summary><pre>")
                      .append(esc(String.join("\n", lines)))
                      .append("</pre></details>\n"));
    }
    h.append("</body></html>\n");
    Files.writeString(file, h, StandardCharsets.UTF_8);
  }

  private static void latency(StringBuilder h, History history) {
    Map<String, List<Long>> byPair = new LinkedHashMap<>();
    List<Long> all = new ArrayList<>();
    for (History.Flow f : history.flows()) {
      if (f.received()) {
        all.add(f.latencyMillis());
        byPair
            .computeIfAbsent(f.from() + " → " + f.to(), k -> new ArrayList<>())
            .add(f.latencyMillis());
      }
    }
    h.append(
        "<h2>Delivery latency</h2>\n<p class=\"meta\">From queued by the sender to stored by the receiver. Messages queued while "
            + "their receiver was down count their whole wait.</p>\n<table class=\"latency\"><tr><th>link</th><th>messages</th><th>p50</th><th>p90</th><th>p99</th><th>max</th></tr>\n");
    List<LatencySummary> rows = new ArrayList<>();
    rows.add(LatencySummary.of("all", all));
    byPair.entrySet().stream()
        .limit(60)
        .forEach(e -> rows.add(LatencySummary.of(e.getKey(), e.getValue())));
    for (LatencySummary s : rows) {
      h.append("<tr><td>")
          .append(esc(s.getScope()))
          .append("</td><td>")
          .append(s.getCount())
          .append("</td><td>")
          .append(s.getP50())
          .append("</td><td>")
          .append(s.getP90())
          .append("</td><td>")
          .append(s.getP99())
          .append("</td><td>")
          .append(s.getMax())
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
    long lost = history.lost().size();
    h.append("<p class=\"meta\">")
        .append(history.owed().size())
        .append(" owed, ")
        .append(lost)
        .append(" not (yet) stored by their receiver, ")
        .append(history.duplicates().size())
        .append(" duplicated, ")
        .append(history.reordered().size())
        .append(" out of order.</p>\n");
  }

  /** The end of the run: its last step, mark or stored message. */
  private static long end(ScenarioResult r, Scenario scenario, History history) {
    long end = scenario.timeline().startedAt() + 1;
    for (Timeline.Step s : r.steps()) {
      end = Math.max(end, s.endedAt());
    }
    for (Timeline.Mark m : scenario.timeline().marks()) {
      end = Math.max(end, m.at());
    }
    for (History.Flow f : history.flows()) {
      end = Math.max(end, f.sentAt());
      for (long at : f.receivedAt()) {
        end = Math.max(end, at);
      }
    }
    return end;
  }

  static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static final String CSS =
      String.join(
          "\n",
          "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}",
          "h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}",
          ".verdict{font-weight:bold;font-size:16px}.verdict.passed{color:#1a7f37}.verdict.skipped{color:#666}.verdict.failed,.verdict.error{color:#c62828}",
          ".meta{color:#666}pre{background:#f6f8fa;padding:8px;overflow:auto}pre.failure{border-left:4px solid #c62828}",
          "table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #eee}",
          "tr.bad td{color:#c62828}.diagram{overflow:auto;border:1px solid #ddd}",
          "svg text{font:11px system-ui,sans-serif}");
}

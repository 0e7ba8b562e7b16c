package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static p2pchat.harness.ReportHtml.between;
import static p2pchat.harness.ReportHtml.count;
import static p2pchat.harness.ReportHtml.svg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report shows the faults: a fault timeline, delivery latency over time with the faults shaded,
 * and what each checker counted; checked on the HTML's structure, not its pixels.
 */
class FaultReportTest {
  @TempDir Path dir;

  @Test
  void theReportHasAFaultTimelineALatencyPlotWithTheFaultsAndTheCheckersCounts() throws Exception {
    Path story = dir.resolve("faults.groovy");
    Files.writeString(
        story,
        """
        scenario('faults in the report') {
            registry()
            def ann = peer('Ann'); def bob = peer('Bob')
            (1..5).each { ann.send('Bob', "first #$it") }
            partition(ann, bob)
            (1..5).each { ann.send('Bob', "cut #$it") }
            heal()
            registry.pause()
            (1..5).each { ann.send('Bob', "frozen #$it") }
            eventually(5.s) { bob.receivedAll(from: 'Ann') }
            registry.resume()
        }
        """);
    Path reports = dir.resolve("reports");
    List<ScenarioResult> results = new ScenarioRunner(reports, Progress.SILENT).run(story);
    assertThat(results.get(0).outcome()).isEqualTo(ScenarioResult.Outcome.PASSED);
    String html = Files.readString(reports.resolve("faults.html"));

    assertThat(html.indexOf("id=\"faults\"")).isGreaterThan(html.indexOf("Message sequence"));
    String timeline = svg(html, "fault-timeline");
    assertThat(count(timeline, "<rect class=\"fault\"")).isGreaterThanOrEqualTo(3);
    assertThat(timeline).contains(">registry</text>").contains(">Ann</text>");
    String faults = between(html, "<table class=\"faults\">", "</table>");
    assertThat(faults).contains("partitioned from Bob").contains("registry paused");
    assertThat(faults).doesNotContain("to the end"); // everything was healed

    String plot = svg(html, "latency-plot");
    assertThat(count(plot, "<circle class=\"msg\"")).isEqualTo(15);
    assertThat(count(plot, "<rect class=\"fault-band\"")).isGreaterThanOrEqualTo(3);
    assertThat(plot).doesNotContain("class=\"lost\"");

    String checkers = between(html, "<table class=\"checkers\">", "</table>");
    assertThat(checkers)
        .contains("check.noLoss()</code></td><td>15 owed, 0 lost")
        .contains("check.noDuplicates()")
        .contains("check.inOrder()")
        .contains("check.noneExpired()");
  }
}

package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

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

  /** The SVG with this class, parsed as XML (it must be well-formed) and returned as text. */
  private static String svg(String html, String cls) throws Exception {
    int start = html.indexOf("<svg class=\"" + cls + "\"");
    assertThat(start).as("an <svg class=\"%s\">", cls).isNotNegative();
    String svg = html.substring(start, html.indexOf("</svg>", start) + "</svg>".length());
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    return svg;
  }

  private static String between(String html, String from, String to) {
    int start = html.indexOf(from);
    assertThat(start).as(from).isNotNegative();
    return html.substring(start, html.indexOf(to, start));
  }

  private static int count(String text, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}

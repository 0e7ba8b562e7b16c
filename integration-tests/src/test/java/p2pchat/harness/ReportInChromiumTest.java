package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static p2pchat.harness.ReportHtml.count;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sam-and-Carol report as a browser shows it: the diagram is there with one arrow per message.
 */
class ReportInChromiumTest {
  @TempDir Path dir;

  @Test
  void theSamAndCarolReportShowsOneArrowPerMessageInChromium() throws Exception {
    String chromium = chromium();
    assumeTrue(
        chromium != null,
        "Chromium is not installed (apt-get install chromium); the report rendering check needs it");
    List<ScenarioResult> results =
        new ScenarioRunner(dir, Progress.SILENT)
            .run(Scenarios.root().resolve("scenarios/sam-and-carol.groovy"));
    ScenarioResult r = results.get(0);
    assertThat(r.outcome())
        .as(String.valueOf(r.message()))
        .isEqualTo(ScenarioResult.Outcome.PASSED);

    Process p =
        new ProcessBuilder(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile"),
                "--dump-dom",
                r.report().toUri().toString())
            .redirectError(dir.resolve("chromium.err").toFile())
            .start();
    byte[] dom = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String html = new String(dom, StandardCharsets.UTF_8);

    assertThat(html).contains("<svg").contains("class=\"sequence\"");
    assertThat(count(html, "<line class=\"msg")).isEqualTo(r.messages()).isEqualTo(6);
    assertThat(count(html, "<line class=\"msg lost")).isZero();
    assertThat(html)
        .contains("data-peer=\"Sam\"")
        .contains("data-peer=\"Carol\"")
        .contains("class=\"mark stop\"");
  }

  private static String chromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
    }
    return null;
  }
}

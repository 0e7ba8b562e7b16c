package p2pchat.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.e2e.Cli;

/**
 * The README's HTTPS walk-through through {@code bin/p2pchat}: {@code discovery --https} prints the
 * fingerprint, an agent pinning it starts, a wrong pin stops the agent with one line and a non-zero
 * exit, and a fingerprint that is not one is a usage error (exit 2).
 */
class HttpsCommandsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final Pattern FINGERPRINT =
      Pattern.compile("certificate SHA-256 fingerprint ([0-9a-f]{64});");

  @TempDir Path dir;

  @Test
  void anAgentPinningThePrintedFingerprintStartsAndAWrongPinIsOneLine() {
    String port = Integer.toString(Processes.freePort());
    String url = "https://127.0.0.1:" + port;
    try (Cli registry =
        CliRun.start(
            "discovery",
            "--https",
            "--keystore",
            dir.resolve("registry.p12").toString(),
            "--port",
            port,
            "--db",
            ":memory:")) {
      await()
          .atMost(PATIENCE)
          .until(() -> FINGERPRINT.matcher(registry.out()).find() || !registry.isAlive());
      Matcher m = FINGERPRINT.matcher(registry.out());
      assertThat(m.find()).as("registry output: %s %s", registry.out(), registry.err()).isTrue();
      String fingerprint = m.group(1);
      assertThat(registry.out()).contains("registry listening on " + url, "made now");

      try (Cli sam =
          CliRun.start(
              CliRun.agent(
                  "Sam", url, dir.resolve("Sam"), "--registry-fingerprint", fingerprint))) {
        // the whole line, not the first bytes of it: the reader may see a line half written
        await()
            .atMost(PATIENCE)
            .until(() -> sam.out().contains("(registry " + url) || !sam.isAlive());
        assertThat(sam.out()).as("agent stderr: %s", sam.err()).contains("(registry " + url);
      }

      String wrong = "00".repeat(32);
      List<CliRun> runs =
          CliRun.all(
              List.of(
                  List.of(
                      CliRun.agent(
                          "Carol", url, dir.resolve("Carol"), "--registry-fingerprint", wrong)),
                  List.of(
                      CliRun.agent(
                          "Dave", url, dir.resolve("Dave"), "--registry-fingerprint", "not-hex")),
                  List.of(CliRun.agent("Erin", url, dir.resolve("Erin")))));
      runs.get(0)
          .failsWithOneLine(
              "p2pchat agent: registry "
                  + url
                  + " is not trusted: its certificate's SHA-256 "
                  + "fingerprint is "
                  + fingerprint
                  + ", not the pinned "
                  + wrong);
      assertThat(runs.get(0).exit()).isEqualTo(1);
      runs.get(1).failsWithOneLine("a registry fingerprint is the 64 hex digits of a SHA-256");
      assertThat(runs.get(1).exit()).isEqualTo(2);
      runs.get(2)
          .failsWithOneLine(
              "its certificate does not chain to a CA this JVM trusts; pin it with "
                  + "--registry-fingerprint");
    }
  }
}

package p2pchat.discovery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code p2pchat discovery} refuses to start with one line on stderr and a non-zero exit. */
class DiscoveryCommandTest {
  @TempDir Path dir;

  record Outcome(int exitCode, String err) {}

  private Outcome run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new DiscoveryCommand());
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    int code = cli.execute(args);
    return new Outcome(code, err.toString());
  }

  private static void assertOneLine(Outcome outcome, String expected) {
    assertThat(outcome.exitCode()).isNotZero();
    assertThat(outcome.err().strip()).doesNotContain("\n").contains(expected);
  }

  @Test
  void aPortInUseIsOneLineNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Outcome outcome = run("--port", String.valueOf(port), "--db", dir.resolve("r.db").toString());
      assertOneLine(outcome, "port " + port + " is already in use; pick another with --port");
    }
  }

  @Test
  void anAdminPortInUseIsOneLineNamingTheOption() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Outcome outcome =
          run("--port", "0", "--admin-port", String.valueOf(port), "--db", ":memory:");
      assertOneLine(
          outcome, "admin port " + port + " is already in use; pick another with --admin-port");
    }
  }

  @Test
  void aDatabaseThatIsAFolderIsOneLineNamingIt() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("folder.db"));
    assertOneLine(
        run("--port", "0", "--db", folder.toString()),
        "cannot open the database " + folder + ": it is a folder");
  }

  @Test
  void aFileThatIsNotADatabaseIsOneLineNamingIt() throws Exception {
    Path garbage =
        Files.writeString(
            dir.resolve("garbage.db"), "this is not a database file, just text. ".repeat(100));
    Outcome outcome = run("--port", "0", "--db", garbage.toString());
    assertOneLine(outcome, "cannot open the database " + garbage + ":");
    assertThat(outcome.err()).containsIgnoringCase("not a database");
  }

  @Test
  void aDatabaseInAFolderThatCannotBeCreatedIsOneLine() throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    assertOneLine(
        run("--port", "0", "--db", file.resolve("sub/r.db").toString()),
        "cannot open the database " + file.resolve("sub/r.db"));
  }

  @Test
  void aKeystoreWithoutHttpsIsOneLineSayingToAddIt() {
    Outcome outcome =
        run("--port", "0", "--db", ":memory:", "--keystore", dir.resolve("r.p12").toString());
    assertOneLine(
        outcome, "--keystore is for HTTPS; add --https, or leave --keystore out for plain HTTP");
    assertThat(outcome.exitCode()).isEqualTo(2);
  }

  @Test
  void badDurationsAndALeaseShorterThanTheHeartbeatAreOneLine() {
    assertOneLine(
        run("--lease-ttl", "soon"), "--lease-ttl must be a duration such as 3s or 500ms: 'soon'");
    assertOneLine(
        run("--port", "0", "--db", ":memory:", "--lease-ttl", "1s", "--heartbeat", "2s"),
        "leaseTtl must be longer than heartbeat");
  }
}

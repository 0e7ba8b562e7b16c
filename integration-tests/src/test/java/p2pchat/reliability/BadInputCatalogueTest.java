package p2pchat.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.discovery.EmbeddedRegistry;
import p2pchat.e2e.Cli;

/**
 * The bad-input catalogue, tried through {@code bin/p2pchat} the way a new user would: every
 * command with missing and invalid flags, scripts that are missing, unreadable or broken, a data
 * directory that cannot be written, ports in use, one agent started twice, a name that belongs to
 * another key, and no registry at start. Each gets one line on stderr saying what was wrong, a
 * non-zero exit, and no stack trace; nothing is left half-done.
 */
class BadInputCatalogueTest {
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final String NOWHERE = "http://127.0.0.1:1"; // nothing listens on port 1

  @TempDir Path dir;

  private record Case(List<String> args, String problem) {}

  private static Case bad(String problem, String... args) {
    return new Case(List.of(args), problem);
  }

  @Test
  void everyCommandRefusesMissingAndInvalidFlagsInOneLine() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.groovy"), "on mesage {\n");
    Path data = dir.resolve("Sam");
    String d = data.toString();
    List<Case> cases =
        List.of(
            bad("p2pchat: Unmatched argument at index 0: 'talk'", "talk"),
            bad("Missing required option: '--name=<name>'", "agent"),
            bad("invalid peer name 'bad name'", "agent", "--name", "bad name"),
            bad(
                "--port must be 0..65535 (0 = any free port), not 70000",
                "agent",
                "--name",
                "Sam",
                "--port",
                "70000",
                "--data-dir",
                d),
            bad("'abc' is not an int", "agent", "--name", "Sam", "--port", "abc"),
            bad(
                "--discovery must be an http or https URL like http://127.0.0.1:8000, not 'ftp://x'",
                "agent",
                "--name",
                "Sam",
                "--discovery",
                "ftp://x",
                "--data-dir",
                d),
            bad(
                "--discovery must be an http or https URL like http://127.0.0.1:8000, not 'http://'",
                "agent",
                "--name",
                "Sam",
                "--discovery",
                "http://",
                "--data-dir",
                d),
            bad(
                "expected one of [FULL, NORMAL]",
                "agent",
                "--name",
                "Sam",
                "--durability",
                "SOMETIMES"),
            bad("Unknown options: '--colour', 'red'", "agent", "--name", "Sam", "--colour", "red"),
            bad(
                "cannot read script " + dir.resolve("missing.groovy"),
                "agent",
                "--name",
                "Sam",
                "--script",
                dir.resolve("missing.groovy").toString(),
                "--data-dir",
                d),
            bad(
                "(broken.groovy, line 1, column 11)",
                "agent",
                "--name",
                "Sam",
                "--script",
                broken.toString(),
                "--discovery",
                NOWHERE,
                "--data-dir",
                d),
            bad("Missing required option: '--name=<name>'", "chat"),
            bad(
                "invalid peer name 'bad name' for --to",
                "chat",
                "--name",
                "Sam",
                "--to",
                "bad name",
                "--data-dir",
                d),
            bad(
                "--drain-timeout must be 0 or more seconds, not -5",
                "chat",
                "--name",
                "Sam",
                "--drain-timeout",
                "-5",
                "--data-dir",
                d),
            bad("Missing required option: '--name=<name>'", "history"),
            bad("invalid peer name 'x y'", "history", "--name", "x y"),
            bad(
                "invalid peer name 'a b' for --with",
                "history",
                "--name",
                "Sam",
                "--with",
                "a b",
                "--data-dir",
                d),
            bad("no data for Sam in " + d, "history", "--name", "Sam", "--data-dir", d),
            bad("Missing required parameter: 'FILE'", "check"),
            bad(
                "cannot read script " + dir.resolve("missing.groovy"),
                "check",
                dir.resolve("missing.groovy").toString()),
            bad("(broken.groovy, line 1, column 11)", "check", broken.toString()),
            bad(
                "p2pchat discovery: --port must be 0..65535 (0 = any free port), not 70000",
                "discovery",
                "--port",
                "70000"),
            bad("'x' is not an int", "discovery", "--port", "x"),
            bad(
                "--lease-ttl must be a duration such as 3s or 500ms: 'soon'",
                "discovery",
                "--lease-ttl",
                "soon"),
            bad(
                "p2pchat discovery: --admin-port must be 0..65535",
                "discovery",
                "--admin-port",
                "-2"),
            bad("Unknown options: '--colour', 'red'", "discovery", "--colour", "red"));
    List<CliRun> runs = CliRun.all(cases.stream().map(Case::args).toList());
    for (int i = 0; i < cases.size(); i++) {
      runs.get(i).failsWithOneLine(cases.get(i).problem());
    }
    assertThat(data).as("no data directory left behind by refused commands").doesNotExist();
  }

  @Test
  void aScriptThatIsADirectoryOrUnreadableIsRefused() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("folder.groovy"));
    CliRun.of("check", folder.toString()).failsWithOneLine("folder.groovy");
    CliRun.of(
            "agent",
            "--name",
            "Sam",
            "--script",
            folder.toString(),
            "--discovery",
            NOWHERE,
            "--data-dir",
            dir.resolve("Sam").toString())
        .failsWithOneLine("cannot read script " + folder);
  }

  @Test
  void aDataDirectoryThatCannotBeWrittenIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    Path readOnly = Files.createDirectories(dir.resolve("read-only"));
    try (ReadOnly ignored = ReadOnly.make(readOnly)) {
      List<CliRun> runs =
          CliRun.all(
              List.of(
                  List.of(CliRun.agent("Sam", NOWHERE, file.resolve("Sam"))),
                  List.of(CliRun.agent("Sam", NOWHERE, readOnly))));
      runs.get(0).failsWithOneLine("cannot create data directory " + file.resolve("Sam"));
      runs.get(1).failsWithOneLine("data directory " + readOnly);
      assertThat(runs.get(1).err()).contains("pick another --data-dir");
    }
    try (var files = Files.list(readOnly)) {
      assertThat(files).as("nothing written there").isEmpty();
    }
  }

  @Test
  void aPortInUseIsNamedByTheAgentAndTheRegistry() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String port = Integer.toString(taken.getLocalPort());
      List<CliRun> runs =
          CliRun.all(
              List.of(
                  List.of(CliRun.agent("Sam", NOWHERE, dir.resolve("Sam"), "--port", port)),
                  List.of("discovery", "--port", port, "--db", ":memory:"),
                  List.of(
                      "discovery",
                      "--port",
                      Integer.toString(Processes.freePort()),
                      "--admin-port",
                      port,
                      "--db",
                      ":memory:")));
      runs.get(0).failsWithOneLine("port " + port + " is already in use; pick another with --port");
      runs.get(1).failsWithOneLine("port " + port + " is already in use; pick another with --port");
      runs.get(2)
          .failsWithOneLine(
              "admin port " + port + " is already in use; pick another with --admin-port");
    }
  }

  @Test
  void aRegistryDatabaseThatCannotBeOpenedIsRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    CliRun.of(
            "discovery",
            "--port",
            Integer.toString(Processes.freePort()),
            "--db",
            file.resolve("registry.db").toString())
        .failsWithOneLine("cannot open the database " + file.resolve("registry.db"));
  }

  @Test
  void theSameAgentStartedTwiceGetsTheLockErrorNamingTheFirstOnesPid() {
    String data = dir.resolve("Sam").toString();
    try (Cli first =
        CliRun.start("agent", "--name", "Sam", "--discovery", NOWHERE, "--data-dir", data)) {
      await().atMost(PATIENCE).until(() -> first.out().contains("agent Sam listening on"));
      CliRun.of("agent", "--name", "Sam", "--discovery", NOWHERE, "--data-dir", data)
          .failsWithOneLine("is in use by another agent (pid " + first.pid());
      assertThat(first.isAlive()).as("the first one carries on").isTrue();
    }
  }

  @Test
  void aNameRegisteredByAnotherKeyIsRefusedAndTheAgentStops() {
    try (EmbeddedRegistry registry =
        EmbeddedRegistry.start(
            EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db")).withLogging(false))) {
      String url = registry.url().toString();
      try (Cli owner = CliRun.start(CliRun.agent("Sam", url, dir.resolve("Sam")))) {
        await().atMost(PATIENCE).until(() -> owner.err().contains("registered Sam at"));
      }
      CliRun.of(CliRun.agent("Sam", url, dir.resolve("another-Sam")))
          .failsWithOneLine("the name Sam is registered to another key at " + url);
    }
  }

  @Test
  void aRegistryThatAdmitsOnlyTokenHoldersRefusesAnAgentWithoutOneInOneLineAndTakesOneWithIt()
      throws Exception {
    java.nio.file.Path tokens = dir.resolve("tokens");
    java.nio.file.Files.writeString(tokens, "# the operator's list\nteam-alpha-7f3a\n");
    try (EmbeddedRegistry registry =
        EmbeddedRegistry.start(
            EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db"))
                .withRegistrationTokens(tokens)
                .withLogging(false))) {
      String url = registry.url().toString();
      String[] sam = CliRun.agent("Sam", url, dir.resolve("Sam"));
      CliRun.of(sam).failsWithOneLine("refused to register Sam at");
      CliRun.of(with(sam, "--registration-token", "two words"))
          .failsWithOneLine("--registration-token must be 1-256 visible ASCII characters");
      try (Cli holder = CliRun.start(with(sam, "--registration-token", "team-alpha-7f3a"))) {
        await().atMost(PATIENCE).until(() -> holder.err().contains("registered Sam at"));
      }
    }
  }

  @Test
  void anAgentStartedBeforeItsRegistryWarnsOnceAndRegistersWhenTheRegistryComesUp() {
    int port = Processes.freePort();
    String url = "http://127.0.0.1:" + port;
    try (Cli sam = CliRun.start(CliRun.agent("Sam", url, dir.resolve("Sam")))) {
      await().atMost(PATIENCE).until(() -> sam.out().contains("agent Sam listening on"));
      try (EmbeddedRegistry registry =
          EmbeddedRegistry.start(
              EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db"))
                  .withPort(port)
                  .withLogging(false))) {
        await().atMost(PATIENCE).until(() -> sam.err().contains("registered Sam at"));
        assertThat(registry.url().toString()).isEqualTo(url);
        List<String> warnings = sam.err().lines().filter(l -> l.contains(" WARN ")).toList();
        assertThat(warnings).as("stderr: %s", sam.err()).hasSize(1);
        assertThat(warnings.get(0)).contains("registry " + url + " unreachable; retrying");
        assertThat(sam.isAlive()).isTrue();
      }
    }
  }

  /** A directory nobody can write to, not even root (chattr +i), undone on close. */
  private record ReadOnly(Path path, boolean immutable) implements AutoCloseable {
    static ReadOnly make(Path path) throws Exception {
      boolean root = "root".equals(System.getProperty("user.name"));
      if (root) {
        exec("chattr", "+i", path.toString());
      } else {
        Files.setPosixFilePermissions(
            path, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
      }
      return new ReadOnly(path, root);
    }

    @Override
    public void close() throws Exception {
      if (immutable) {
        exec("chattr", "-i", path.toString());
      } else {
        Files.setPosixFilePermissions(
            path, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }

    private static void exec(String... command) throws Exception {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as("%s: %s", List.of(command), output).isZero();
    }
  }

  private static String[] with(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}

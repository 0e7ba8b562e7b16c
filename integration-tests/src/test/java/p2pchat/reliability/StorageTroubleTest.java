package p2pchat.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.Message;
import p2pchat.discovery.EmbeddedRegistry;
import p2pchat.harness.LocalAgents;

/**
 * Trouble with the receiver's SQLite file while messages flow: another process holding the write
 * lock longer than the busy timeout, and the file turned read-only under the running agent. Each
 * time a clear warning names the database, nothing is lost, duplicated or reordered, delivery
 * resumes once the trouble ends, and the database passes its integrity check.
 */
class StorageTroubleTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path dir;
  private LocalAgents local;
  private Agent sam;
  private Agent carol;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private int sent;

  @BeforeEach
  void samTalksToCarol() {
    ((Logger) LoggerFactory.getLogger("p2pchat")).addAppender(log);
    log.start();
    local =
        new LocalAgents(
            EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db"))
                .withLease(Duration.ofSeconds(2), Duration.ofMillis(500))
                .withLogging(false));
    carol = local.start(config("Carol"));
    sam = local.start(config("Sam"));
    send(100);
    awaitCarolHasAll();
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger("p2pchat")).detachAppender(log);
    if (local != null) {
      local.close();
    }
  }

  private AgentConfig config(String name) {
    return AgentConfig.of(name, local.registry().url(), dir.resolve(name))
        .withHeartbeat(Duration.ofMillis(500));
  }

  private void send(int n) {
    for (int i = 0; i < n; i++) {
      sam.send("Carol", "m" + (++sent)).join(); // committed to Sam's outbox
    }
  }

  private void awaitCarolHasAll() {
    int expected = sent;
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              assertThat(received())
                  .containsExactlyElementsOf(
                      IntStream.rangeClosed(1, expected).mapToObj(i -> "m" + i).toList());
              assertThat(sam.history("Carol"))
                  .allMatch(m -> m.status() == Message.Status.DELIVERED);
            });
  }

  private List<String> received() {
    return carol.history("Sam").stream()
        .filter(m -> m.direction() == Message.Direction.IN)
        .map(Message::text)
        .toList();
  }

  private List<String> warnings() {
    return log.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private Path carolDb() {
    return dir.resolve("Carol").resolve("agent.db");
  }

  @Test
  void aWriteLockHeldByAnotherProcessDelaysDeliveryAndLosesNothing() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process holder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                HoldWriteLock.class.getName(),
                carolDb().toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("holding");
      send(300);
      // Carol waits out her busy timeout (10 s), then says why her commit failed.
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  warnings().stream()
                      .anyMatch(w -> w.contains(carolDb().toString()) && w.contains("locked")));
      assertThat(received()).hasSize(100);
    } finally {
      holder.getOutputStream().close(); // the other process lets go
      holder.waitFor();
    }
    send(100);
    awaitCarolHasAll();
    assertThat(AgentDb.of(dir.resolve("Carol")).integrityCheck()).containsExactly("ok");
  }

  @Test
  void aDatabaseFileMadeReadOnlyUnderTheAgentIsReportedAndDeliveryResumesWhenWritableAgain()
      throws Exception {
    // chmod alone changes nothing for a running agent: SQLite keeps the file open for writing,
    // and root ignores permissions anyway. chattr +i makes the file unwritable even through open
    // descriptors, for root too; the -shm file is memory-mapped and must stay writable.
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "making an open file unwritable needs chattr +i, which needs root (CAP_LINUX_IMMUTABLE)");
    List<Path> files = List.of(carolDb(), carolDb().resolveSibling("agent.db-wal"));
    for (Path f : files) {
      Files.setPosixFilePermissions(
          f, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
      chattr("+i", f);
    }
    try {
      send(300);
      await()
          .atMost(PATIENCE)
          .until(
              () -> warnings().stream().anyMatch(w -> w.contains("cannot write to " + carolDb())));
      assertThat(received()).hasSize(100);
    } finally {
      for (Path f : files) {
        chattr("-i", f);
        Files.setPosixFilePermissions(
            f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
    send(100);
    awaitCarolHasAll();
    assertThat(AgentDb.of(dir.resolve("Carol")).integrityCheck()).containsExactly("ok");
  }

  private static void chattr(String flag, Path file) throws Exception {
    Process p =
        new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("chattr %s %s: %s", flag, file, output).isZero();
  }
}

package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers on hosts of their own ({@code peer('Carol', host: true)}): a partition between two of them
 * cuts their link in the kernel until heal, in-process peers and hosts reach each other, and no
 * namespace outlives the scenario. The tests that need root and iproute2 are skipped without them.
 */
class HostPeersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aPartitionBetweenHostPeersCutsTheirLinkUntilHealAndNoNamespaceOutlivesTheScenario()
      throws Exception {
    assumeTrue(IpCommand.missing().isEmpty(), () -> "host peers: " + IpCommand.missing().get());
    IpCommand ip = IpCommand.usable().orElseThrow();
    String leftover = "p2p-" + deadPid() + "-1"; // what a run killed with -9 leaves behind
    ip.run("netns", "add", leftover);

    try (Scenario s = Scenario.create("host peers", dir, Progress.SILENT)) {
      s.startRegistry(Map.of());
      Peer carol = s.peer(Map.of("host", true), "Carol");
      Peer dan = s.peer(Map.of("host", true), "Dan");
      Peer sam = s.peer(Map.of(), "Sam");
      HostNet hosts = s.hosts();
      assertThat(ip.run("netns", "list")).doesNotContain(leftover);
      assertThat(HostNet.namespacesOfThisJvm(ip)).hasSize(2);
      assertThat(carol.getAddress()).startsWith("10.").isNotEqualTo(dan.getAddress());
      assertThat(sam.getAddress()).isEqualTo(hosts.gateway());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> registered(s, "Carol").equals(carol.getAddress()));

      sam.send("Carol", "Sam to Carol");
      carol.send("Sam", "Carol to Sam");
      dan.send("Carol", "before the cut");
      await().atMost(Duration.ofSeconds(10)).until(() -> carol.receivedAll().ok());
      await().atMost(Duration.ofSeconds(10)).until(() -> sam.receivedAll().ok());

      s.partition("Carol", "Dan");
      assertThat(hosts.cuts()).hasSize(2);
      for (int i = 1; i <= 5; i++) {
        dan.send("Carol", "across the cut #" + i);
      }
      carol.crash(); // the cut is on the link, not in the process: it holds across a restart
      carol.start();
      sam.send("Carol", "Sam gets through");
      await().atMost(Duration.ofSeconds(10)).until(() -> carol.received("Sam gets through").ok());
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(3))
          .until(() -> carol.messages(Map.of("from", "Dan")).equals(List.of("before the cut")));

      s.heal();
      assertThat(hosts.cuts()).isEmpty();
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> carol.receivedAll(Map.of("from", "Dan")).ok());

      s.partition(Map.of("oneWay", true), "Dan", "Carol");
      assertThat(ip.run("-n", namespaceOf(hosts, dan), "route")).contains("blackhole");
      assertThat(ip.run("-n", namespaceOf(hosts, carol), "route")).doesNotContain("blackhole");
      s.heal();
      dan.pause();
      dan.resume();

      assertThatThrownBy(() -> s.link("Carol", "Dan").latency(Span.ofMillis(50)))
          .isInstanceOf(ScenarioError.class)
          .hasMessageContaining("only partition");
      assertThatThrownBy(() -> s.partition("Sam", "Carol"))
          .isInstanceOf(ScenarioError.class)
          .hasMessageContaining("Carol is a host peer and Sam is not");
      assertThatThrownBy(
              () ->
                  Nemesis.of(
                      s,
                      Map.of(
                          "duration", Span.ofMillis(1000),
                          "faults", List.of("partition", "latency"),
                          "peers", List.of("Carol", "Dan")),
                      null))
          .isInstanceOf(ScenarioError.class)
          .hasMessageContaining("latency on link(Carol, Dan)");
      s.check().noLoss().noDuplicates().inOrder();
    } finally {
      ip.tryRun("netns", "del", leftover);
    }
    assertThat(HostNet.namespacesOfThisJvm(ip)).isEmpty();
    assertThat(ip.run("-o", "link", "show"))
        .doesNotContain("p2p-" + ProcessHandle.current().pid() + "-");
  }

  @Test
  void aHostPeerThatIsNotAProcessIsRefusedSayingWhy() {
    try (Scenario s = Scenario.create("contradiction", dir, Progress.SILENT)) {
      assertThatThrownBy(() -> s.peer(Map.of("host", true, "process", false), "Carol"))
          .isInstanceOf(ScenarioError.class)
          .hasMessageContaining("contradicts itself");
      assertThatThrownBy(() -> s.peer(Map.of("host", "yes"), "Carol"))
          .isInstanceOf(ScenarioError.class)
          .hasMessageContaining("must be true or false");
    }
  }

  @Test
  void whereHostPeersCannotRunTheScenarioIsSkippedWithOneLineAndExitsZero() {
    assertThat(IpCommand.missing(false, Optional.of("/usr/sbin/ip")))
        .contains("this run is not root");
    assertThat(IpCommand.missing(true, Optional.empty()))
        .contains("ip (iproute2) is not installed");
    assertThat(IpCommand.missing(true, Optional.of("/usr/sbin/ip"))).isEmpty();
    ScenarioSkipped skipped =
        new ScenarioSkipped(
            "skipped: peer('Carol', host: true) needs root and ip (iproute2); this run is not root");
    assertThat(ScenarioFailures.classify(skipped)).isEqualTo(ScenarioResult.Outcome.SKIPPED);
    assertThat(ScenarioResult.Outcome.SKIPPED.exitCode()).isZero();
  }

  @Test
  void theCompilerFindsTheScenariosWithHostPeersWhereverTheyAreDeclared() throws Exception {
    Path file = dir.resolve("mixed.groovy");
    Files.writeString(
        file,
        """
        scenario('no hosts') {
            registry()
            peer('Sam')
        }
        scenario('a host after an in-process peer') {
            registry()
            def sam = peer('Sam')
            def carol = peer('Carol', durability: 'NORMAL', host: true)
        }
        """);
    ScenarioScript script = ScenarioCompiler.compile(new ScenarioSource(file));
    script.run();
    assertThat(script.definitions())
        .extracting(ScenarioScript.Definition::firstHostPeer)
        .containsExactly(null, "Carol");
  }

  private static String registered(Scenario s, String peer) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(s.registry().getUrl().resolve("/v1/peers/" + peer)).build(),
                HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("host").asText();
  }

  private static String namespaceOf(HostNet hosts, Peer p) {
    return hosts.host(p.getName()).namespace();
  }

  private static long deadPid() {
    long pid = 4_000_000;
    while (ProcessHandle.of(pid).isPresent()) {
      pid++;
    }
    return pid;
  }
}

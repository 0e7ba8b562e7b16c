package p2pchat.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import p2pchat.agent.Message;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransportTest {
  private final TransportConfig config = TransportConfig.defaults();
  private final List<Node> nodes = new ArrayList<>();
  @RegisterExtension static final EventLoops loops = new EventLoops();
  private Directory directory;

  @AfterEach
  void closeNodes() {
    nodes.forEach(Node::close);
    nodes.clear();
    directory = null;
  }

  private Node node(String name) {
    return node(name, config);
  }

  /** A started node with settings of its own, closed after the test. */
  private Node node(String name, TransportConfig settings) {
    if (directory == null) {
      directory = new Directory();
    }
    Node n = new Node(name, settings, loops.group(), directory);
    nodes.add(n);
    return n.start(0);
  }

  @Test
  void tenThousandMessagesArriveInOrderExactlyOnce() {
    Node sam = node("Sam");
    Node carol = node("Carol");
    List<String> texts = IntStream.rangeClosed(1, 10_000).mapToObj(i -> "message " + i).toList();
    texts.forEach(t -> sam.send("Carol", t));

    await().atMost(Duration.ofSeconds(20)).until(() -> sam.outbox.ackedUpTo("Carol") == 10_000);
    assertThat(carol.inbox.received).extracting(Message::text).containsExactlyElementsOf(texts);
    assertThat(carol.inbox.received)
        .allSatisfy(
            m -> {
              assertThat(m.from()).isEqualTo("Sam");
              assertThat(m.to()).isEqualTo("Carol");
              assertThat(m.direction()).isEqualTo(Message.Direction.IN);
              assertThat(m.status()).isEqualTo(Message.Status.RECEIVED);
            });
    assertThat(carol.inbox.connected).containsOnly("Sam");
    assertThat(sam.outbox.sentUpTo("Carol")).isEqualTo(10_000);
  }

  @Test
  void messagesFlowBothWaysAtOnce() {
    Node sam = node("Sam");
    Node carol = node("Carol");
    for (int i = 1; i <= 500; i++) {
      sam.send("Carol", "to carol " + i);
      carol.send("Sam", "to sam " + i);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sam.outbox.ackedUpTo("Carol") == 500 && carol.outbox.ackedUpTo("Sam") == 500);
    assertThat(carol.inbox.textsFrom("Sam"))
        .hasSize(500)
        .startsWith("to carol 1")
        .endsWith("to carol 500");
    assertThat(sam.inbox.textsFrom("Carol"))
        .hasSize(500)
        .startsWith("to sam 1")
        .endsWith("to sam 500");
  }

  @Test
  void aQuietLinkClosesWhenAskedAndOpensAgainForTheNextMessage() {
    Node sam = node("Sam");
    Node carol = node("Carol");
    sam.send("Carol", "first");
    await().atMost(Duration.ofSeconds(5)).until(() -> sam.outbox.ackedUpTo("Carol") == 1);
    assertThat(carol.transport.inboundConnections()).isEqualTo(1);

    // not yet quiet for an hour: stays open
    sam.transport.closeQuietLinks(Duration.ofHours(1));
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> carol.transport.inboundConnections() == 1);

    sam.transport.closeQuietLinks(Duration.ZERO);
    await().atMost(Duration.ofSeconds(5)).until(() -> carol.transport.inboundConnections() == 0);

    sam.send("Carol", "second");
    await().atMost(Duration.ofSeconds(5)).until(() -> sam.outbox.ackedUpTo("Carol") == 2);
    assertThat(carol.inbox.textsFrom("Sam")).containsExactly("first", "second");
  }

  @Test
  void theAckComesOnlyAfterTheInboxCommits() {
    Node sam = node("Sam");
    Node carol = node("Carol");
    carol.inbox.hold(true);
    sam.send("Carol", "hello");

    await().atMost(Duration.ofSeconds(5)).until(() -> carol.inbox.held.size() == 1);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> sam.outbox.ackedUpTo("Carol") == 0);

    carol.inbox.releaseAll();
    await().atMost(Duration.ofSeconds(5)).until(() -> sam.outbox.ackedUpTo("Carol") == 1);
  }

  /**
   * A free port below the kernel's range for outgoing connections. Carol restarts on her port while
   * Sam keeps dialing it; on an ephemeral port, one of Sam's dials could be given that very port as
   * its source and connect to itself (TCP self-connect), holding the port.
   */
  private static int portOutsideTheEphemeralRange() throws java.io.IOException {
    int low = 32768;
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    if (java.nio.file.Files.isReadable(range)) {
      // One read from offset 0: a sysctl file answers a read at any later offset with EOF, so a
      // reader that takes a byte first and then the rest gets "3" instead of "32768".
      try (java.io.InputStream in = java.nio.file.Files.newInputStream(range)) {
        byte[] buf = new byte[64];
        int n = in.read(buf);
        int parsed = n > 0 ? Integer.parseInt(new String(buf, 0, n).trim().split("\\s+")[0]) : 0;
        low = parsed > 10_001 ? parsed : low;
      }
    }
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = 10_000 + random.nextInt(Math.max(1, low - 10_000));
      try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
        probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        return port;
      } catch (java.io.IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port between 10000 and " + low);
  }

  @Test
  void afterTheReceiverCrashesAndRestartsTheSenderResendsFromTheFirstUnacknowledged()
      throws Exception {
    Node sam = node("Sam");
    Node carol = new Node("Carol", config, loops.group(), directory);
    nodes.add(carol);
    carol.start(portOutsideTheEphemeralRange());
    for (int i = 1; i <= 100; i++) {
      sam.send("Carol", "m" + i);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> sam.outbox.ackedUpTo("Carol") == 100);

    carol.inbox.hold(true); // from 101 on, batches arrive but are never committed
    for (int i = 101; i <= 150; i++) {
      sam.send("Carol", "m" + i);
    }
    // Carol stops reading after a few uncommitted batches, so not all 50 need to arrive.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(carol.inbox.textsFrom("Sam"))
                    .as(() -> sam.transport.describe() + "\n" + carol.transport.describe())
                    .contains("m101"));
    int port = carol.address.getPort();
    carol.transport.abort();
    carol.inbox.hold(false);
    int before = carol.inbox.received.size();

    for (int i = 151; i <= 200; i++) {
      sam.send("Carol", "m" + i); // while Carol is down
    }
    // The kernel may hold the port a moment after the abort (a connection Sam was dialing as it
    // closed); a restart on a fixed port waits for it, as a restarted agent would.
    await()
        .atMost(Duration.ofSeconds(5))
        .ignoreExceptionsInstanceOf(TransportException.class)
        .until(
            () -> {
              carol.start(port);
              return true;
            });
    sam.transport.wake("Carol");

    await().atMost(Duration.ofSeconds(10)).until(() -> sam.outbox.ackedUpTo("Carol") == 200);
    List<Message> again = carol.inbox.received.subList(before, carol.inbox.received.size());
    assertThat(again.get(0).seq()).isEqualTo(101);
    assertThat(again).extracting(Message::seq).isSorted().doesNotHaveDuplicates();
    assertThat(carol.inbox.textsFrom("Sam"))
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 200).mapToObj(i -> "m" + i).toList());
  }

  @Test
  void messagesQueuedWhileTheReceiverIsOfflineArriveWhenItComesOnline() {
    Node sam = node("Sam");
    Node carol = node("Carol");
    int port = carol.address.getPort();
    carol.transport.abort();
    for (int i = 1; i <= 20; i++) {
      sam.send("Carol", "offline " + i);
    }
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(5))
        .until(() -> sam.outbox.ackedUpTo("Carol") == 0);

    carol.start(port); // no wake: the sender's backoff retries on its own
    await().atMost(Duration.ofSeconds(10)).until(() -> sam.outbox.ackedUpTo("Carol") == 20);
    assertThat(carol.inbox.textsFrom("Sam")).hasSize(20).first().isEqualTo("offline 1");
  }

  @Test
  void anIdleLinkClosesAndReopensOnWake() {
    TransportConfig quick = config.withIdleTimeout(Duration.ofMillis(200));
    Node sam = node("Sam", quick);
    Node carol = node("Carol", quick);
    sam.send("Carol", "one");
    await().atMost(Duration.ofSeconds(5)).until(() -> sam.outbox.ackedUpTo("Carol") == 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> carol.transport.inboundConnections() == 0);

    sam.send("Carol", "two");
    await().atMost(Duration.ofSeconds(5)).until(() -> sam.outbox.ackedUpTo("Carol") == 2);
    assertThat(carol.inbox.connected).containsExactly("Sam", "Sam");
  }

  @Test
  void gracefulCloseLetsInFlightMessagesBeAcknowledged() {
    Node sam = node("Sam");
    Node carol = node("Carol");
    for (int i = 1; i <= 2_000; i++) {
      sam.send("Carol", "m" + i);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> sam.outbox.sentUpTo("Carol") > 0);
    sam.transport.close();
    long sent = sam.outbox.sentUpTo("Carol");
    assertThat(sam.outbox.ackedUpTo("Carol")).isEqualTo(sent);
    assertThat(carol.inbox.textsFrom("Sam")).hasSize((int) sent);
  }

  @Test
  void aMessageTooBigForAFrameIsReportedOnceAndHoldsBackOnlyWhatFollowsIt() {
    TransportConfig small =
        new TransportConfig(
            1024,
            4096,
            config.handshakeTimeout(),
            config.idleTimeout(),
            config.backoffMin(),
            config.backoffMax(),
            16,
            config.recordLimit(),
            true);
    Node sam = node("Sam", small);
    Node carol = node("Carol", small);
    try (LogCapture log = new LogCapture()) {
      sam.send("Carol", "before");
      sam.send("Carol", "x".repeat(5000));
      sam.send("Carol", "after");
      await().atMost(Duration.ofSeconds(5)).until(() -> sam.outbox.ackedUpTo("Carol") == 1);
      for (int i = 0; i < 5; i++) {
        sam.transport.wake("Carol");
      }
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> sam.outbox.ackedUpTo("Carol") == 1);
      assertThat(log.errors())
          .singleElement()
          .asString()
          .contains(
              "(seq 2) to Carol needs a 50",
              "more than the 4096-byte limit; it cannot be delivered");
    }
    assertThat(carol.inbox.textsFrom("Sam")).containsExactly("before");
    assertThat(sam.transport.maxMessageBytes()).isLessThan(4096);
  }

  @Test
  void aConnectionAtItsRecordLimitIsMadeAnewWithFreshKeysAndLosesNothing() {
    TransportConfig few =
        config.withRecordLimit(16).withWindow(8); // a small window: many records per link
    Node sam = node("Sam", few);
    Node carol = node("Carol", few);
    for (int i = 1; i <= 300; i++) {
      sam.send("Carol", "m" + i);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> sam.outbox.ackedUpTo("Carol") == 300);
    assertThat(carol.inbox.textsFrom("Sam"))
        .containsExactlyElementsOf(
            java.util.stream.IntStream.rangeClosed(1, 300).mapToObj(i -> "m" + i).toList());
    assertThat(carol.inbox.connected)
        .as("new connections, each with fresh keys")
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void aPortInUseIsReportedInOneLine() {
    Node sam = node("Sam");
    Transport second =
        new Transport(
            config,
            "Other",
            p2pchat.agent.identity.Identity.generate(),
            loops.group(),
            Runnable::run,
            directory,
            new MemoryOutbox("Other"),
            new RecordingInbox());
    int port = sam.address.getPort();
    assertThatThrownBy(() -> second.listen("127.0.0.1", port))
        .isInstanceOf(TransportException.class)
        .hasMessage("port " + port + " is already in use; pick another with --port");
  }
}

package p2pchat.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import p2pchat.agent.wire.Frame;

/** Each attack closes only the attacker's connection while Sam keeps talking to Carol. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostilePeerTest {
  private final TransportConfig config =
      TransportConfig.defaults()
          .withHandshakeTimeout(Duration.ofMillis(500))
          .withMaxInboundConnections(8);
  @RegisterExtension static final EventLoops loops = new EventLoops();
  private TalkingPair peers;
  private Node carol;

  @BeforeEach
  void twoPeersTalking() {
    peers = new TalkingPair(config, loops.group(), Duration.ofSeconds(5));
    carol = peers.carol;
    samSaysSomethingAndCarolGetsIt();
  }

  @AfterEach
  void tearDown() throws Exception {
    peers.close();
  }

  private void samSaysSomethingAndCarolGetsIt() {
    peers.samSaysSomethingAndCarolGetsIt();
  }

  private RawClient attacker() throws Exception {
    return peers.attacker();
  }

  @Test
  void garbageBytesCloseOnlyThatConnection() throws Exception {
    RawClient attacker = attacker();
    try (LogCapture log = new LogCapture()) {
      attacker.write("GET / HTTP/1.1\r\nHost: carol\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(attacker.closedByServer()).isTrue();
      await()
          .atMost(Duration.ofSeconds(2))
          .until(
              () ->
                  log.warnings().stream()
                      .anyMatch(
                          w ->
                              w.startsWith("Carol: closing the connection from /127.0.0.1:")
                                  && w.contains("not a p2pchat HELLO")));
    }
    samSaysSomethingAndCarolGetsIt();
  }

  @Test
  void anOversizedFrameClosesOnlyThatConnection() throws Exception {
    RawClient attacker = attacker();
    attacker.write(new byte[] {0x7f, 0, 0, 0, 1, 2, 3});
    assertThat(attacker.closedByServer()).isTrue();
    samSaysSomethingAndCarolGetsIt();
  }

  @Test
  void aHalfOpenConnectionIsClosedAfterTheHandshakeTimeout() throws Exception {
    RawClient attacker = attacker();
    long start = System.nanoTime();
    assertThat(attacker.closedByServer()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(400), Duration.ofSeconds(4));
    samSaysSomethingAndCarolGetsIt();
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAtOnceAndTheSlotsComeBack() throws Exception {
    List<RawClient> flood = new ArrayList<>();
    int open = carol.transport.inboundConnections(); // Sam's link
    assertThat(open).isEqualTo(1);
    for (int i = open; i < config.maxInboundConnections(); i++) {
      flood.add(attacker());
    }
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> carol.transport.inboundConnections() == config.maxInboundConnections());
    RawClient oneTooMany = attacker();
    assertThat(oneTooMany.readUntilClosed()).as("closed on accept, without a word").isEmpty();

    for (RawClient c : flood) { // the handshake timeout frees every slot
      assertThat(c.readUntilClosed())
          .isEqualTo(RawClient.bytes(new Frame.Bye("no handshake within 500 ms")));
    }
    samSaysSomethingAndCarolGetsIt();
  }

  @Test
  void aReplayedMsgOnOneConnectionClosesIt() throws Exception {
    RawClient client = peers.asMallory(attacker());
    Frame.Msg msg = new Frame.Msg("id-1", 1, 0, null, false, "hello", null);
    client.write(msg);
    assertThat(client.read()).isEqualTo(new Frame.Ack(1));
    client.write(msg);
    assertThat(client.closedByServer()).isTrue();
    assertThat(carol.inbox.received).filteredOn(m -> m.from().equals("Mallory")).hasSize(1);
    samSaysSomethingAndCarolGetsIt();
  }

  @Test
  void aPeerFloodingWhileNothingCommitsIsStoppedAfterABoundedAmount() throws Exception {
    RawClient client = peers.asMallory(attacker());
    carol.inbox.hold(true);

    // A writer thread pushes MSG frames as fast as the socket takes them; it blocks once Carol
    // stops reading and the socket buffers are full.
    String text = "x".repeat(1000);
    long[] written = {0};
    Thread writer =
        new Thread(
            () -> {
              try {
                for (long seq = 1; ; seq++) {
                  byte[] b =
                      RawClient.bytes(new Frame.Msg("m" + seq, seq, 0, null, false, text, null));
                  client.write(b);
                  written[0] += b.length;
                }
              } catch (Exception e) {
                // the socket was closed at the end of the test
              }
            },
            "flooder");
    writer.setDaemon(true);
    writer.start();

    // Carol stops reading after a few batches; the flooder then blocks on full socket buffers.
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> carol.inbox.held.size() >= ServerHandler.MAX_OUTSTANDING_BATCHES);
    long seen = carol.inbox.received.size();
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> carol.inbox.received.size() == seen);
    assertThat(carol.inbox.held.size())
        .isLessThanOrEqualTo(ServerHandler.MAX_OUTSTANDING_BATCHES + 2);
    assertThat(seen * 1000).isLessThan(16L << 20);
    client.close();
    writer.join(5_000);
    carol.inbox.hold(false);
    carol.inbox.releaseAll();
    samSaysSomethingAndCarolGetsIt();
  }
}

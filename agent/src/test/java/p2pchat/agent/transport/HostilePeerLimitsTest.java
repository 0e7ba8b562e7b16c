package p2pchat.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import p2pchat.agent.wire.Frame;

/**
 * Hostile peers that lean on Carol's limits instead of breaking the protocol: one that never reads
 * its ACKs, and hundreds of connections at once. Each stays bounded (connections, what Carol reads,
 * Netty's memory) and Sam keeps talking to Carol throughout.
 */
class HostilePeerLimitsTest {
  private static final long MEMORY_BOUND = 64L << 20;
  private final TransportConfig config =
      TransportConfig.defaults()
          .withHandshakeTimeout(Duration.ofSeconds(2))
          .withIdleTimeout(Duration.ofSeconds(1))
          .withMaxInboundConnections(256);
  private EventLoopGroup group;
  private TalkingPair peers;
  private Node carol;

  @BeforeEach
  void twoPeersTalking() {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    peers = new TalkingPair(config, group, Duration.ofSeconds(10));
    carol = peers.carol;
    samSaysSomethingAndCarolGetsIt();
  }

  @AfterEach
  void tearDown() throws Exception {
    peers.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private void samSaysSomethingAndCarolGetsIt() {
    peers.samSaysSomethingAndCarolGetsIt();
  }

  /**
   * A peer that never reads: Carol's ACKs to it pile up, first in the kernel's socket buffers (up
   * to net.ipv4.tcp_wmem's maximum, 4 MiB by default) and then in Netty's write buffer, where 64
   * KiB makes the channel unwritable and Carol stop reading from it (ServerHandler). Reaching that
   * point takes millions of messages, so this checks the part a test can reach in seconds: memory
   * stays bounded and Sam is served during the attack, not only after it.
   */
  @Test
  void aPeerThatNeverReadsItsAcksCostsBoundedMemoryAndOthersAreServedMeanwhile() throws Exception {
    RawClient client = // reads the handshake, then nothing
        peers.asMallory(peers.closeLater(new RawClient(carol.address.getPort(), 2048)));

    AtomicLong written = new AtomicLong();
    Thread writer =
        new Thread(
            () -> {
              try {
                for (long seq = 1; ; seq++) {
                  client.write(new Frame.Msg("m" + seq, seq, 0, null, false, "x", null));
                  written.incrementAndGet();
                }
              } catch (Exception e) {
                // closed at the end of the test
              }
            },
            "never-reads");
    writer.setDaemon(true);
    writer.start();

    AtomicLong peakMemory = new AtomicLong();
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (System.nanoTime() < deadline) {
      samSaysSomethingAndCarolGetsIt();
      peakMemory.accumulateAndGet(NettyMemory.used(), Math::max);
    }
    assertThat(written.get())
        .as("messages Mallory wrote without reading an ACK")
        .isGreaterThan(1_000);
    assertThat(peakMemory.get()).as("Netty memory while under attack").isLessThan(MEMORY_BOUND);
    assertThat(carol.inbox.received.stream().filter(m -> m.from().equals("Mallory")).count())
        .as("what Carol read is what was written, at most")
        .isLessThanOrEqualTo(written.get());
    client.close();
    writer.join(5_000);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !carol.transport.describe().contains("(Mallory)"));
    samSaysSomethingAndCarolGetsIt();
  }

  @Test
  void hundredsOfConnectionsAtOnceAreCappedAndEverySlotComesBack() throws Exception {
    long before = NettyMemory.used();
    int peak = 0;
    List<RawClient> flood = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      flood.add(peers.attacker());
      peak = Math.max(peak, carol.transport.inboundConnections());
    }
    int[] most = {peak};
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              most[0] = Math.max(most[0], carol.transport.inboundConnections());
              return most[0] >= 200;
            });
    assertThat(most[0]).as("open at once").isLessThanOrEqualTo(config.maxInboundConnections());
    assertThat(NettyMemory.used() - before)
        .as("Netty memory held by the flood")
        .isLessThan(MEMORY_BOUND);

    for (RawClient c : flood) {
      assertThat(c.closedByServer())
          .as("refused on accept, or cut by the handshake timeout")
          .isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> carol.transport.inboundConnections() <= 1);
    samSaysSomethingAndCarolGetsIt();
  }
}

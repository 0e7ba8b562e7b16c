package p2pchat.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.wire.Frame;
import p2pchat.agent.wire.MutationFuzzer;
import p2pchat.agent.wire.NoiseHandshake;
import p2pchat.agent.wire.Samples;

/**
 * Mutated byte streams, before and after a genuine handshake, against a live server while a real
 * peer keeps sending to it. The property: every fuzzed connection ends closed by the server,
 * nothing but protocol errors is logged, the real peer's messages all arrive in order, and Netty's
 * memory stays bounded. Time-bounded; {@code -Dfuzz.seed=N} replays a run.
 */
class LiveFuzzTest {
  private static final Duration BUDGET = Duration.ofSeconds(2);
  private static final int CLIENTS = 4;

  @Test
  void aServerUnderMutatedTrafficClosesEachBadConnectionAndKeepsServing() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    TransportConfig config =
        TransportConfig.defaults()
            .withHandshakeTimeout(Duration.ofMillis(300))
            .withIdleTimeout(Duration.ofMillis(500))
            .withMaxInboundConnections(64);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    Directory registry = new Directory();
    Identity mallory = registry.enrol("Mallory");
    try (Node sam = new Node("Sam", config, group, registry).start(0);
        Node carol = new Node("Carol", config, group, registry).start(0);
        LogCapture log = new LogCapture()) {
      int port = carol.address.getPort();
      List<Future<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        long clientSeed = seed + i;
        runs.add(clients.submit(() -> fuzz(port, new Random(clientSeed), mallory, clientSeed)));
      }
      int sent = 0;
      long peakMemory = 0;
      long deadline = System.nanoTime() + BUDGET.toNanos();
      while (System.nanoTime() < deadline) {
        sam.send("Carol", "real " + (++sent));
        if (sent % 100 == 0) {
          peakMemory = Math.max(peakMemory, NettyMemory.used());
          int upTo = sent;
          await().atMost(Duration.ofSeconds(5)).until(() -> sam.outbox.ackedUpTo("Carol") == upTo);
        }
      }
      int connections = 0;
      for (Future<Integer> run : runs) {
        connections += run.get(30, TimeUnit.SECONDS);
      }
      int total = sent;
      await().atMost(Duration.ofSeconds(10)).until(() -> sam.outbox.ackedUpTo("Carol") == total);
      assertThat(carol.inbox.textsFrom("Sam"))
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, total).mapToObj(i -> "real " + i).toList());
      await().atMost(Duration.ofSeconds(5)).until(() -> carol.transport.inboundConnections() <= 1);
      assertThat(log.warnings()).noneMatch(w -> w.contains("unexpected error"));
      assertThat(peakMemory).as("Netty memory under fuzzing").isLessThan(64L << 20);
      LoggerFactory.getLogger(LiveFuzzTest.class)
          .info(
              "live fuzz: seed {}, {} fuzzed connections, {} real messages delivered",
              seed,
              connections,
              total);
    } finally {
      clients.shutdownNow();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** Runs fuzzed connections until the budget is spent; each must end closed by the server. */
  private static int fuzz(int port, Random random, Identity mallory, long seed) throws Exception {
    List<byte[]> beforeHandshake = new ArrayList<>();
    // HELLO and the first handshake message (an ephemeral key), as a client opens
    byte[] hello =
        RawClient.bytes(new Frame.Hello(NoiseHandshake.VERSION, "Mallory", "Carol", new byte[32]));
    byte[] opening = Arrays.copyOf(hello, hello.length + 2 + 32);
    opening[hello.length + 1] = 32;
    beforeHandshake.add(opening);
    Samples.frames().forEach(f -> beforeHandshake.add(Samples.framed(f)));
    List<byte[]> afterHandshake = new ArrayList<>();
    for (long seq = 1; seq <= 3; seq++) {
      afterHandshake.add(
          RawClient.bytes(new Frame.Msg("m" + seq, seq, 0, null, false, "fuzz " + seq, null)));
    }
    afterHandshake.add(
        RawClient.bytes(new Frame.Msg("d", 9, 1, 2L, true, "t", "{}"), new Frame.Bye("bye")));
    MutationFuzzer early = new MutationFuzzer(random, beforeHandshake);
    MutationFuzzer late = new MutationFuzzer(random, afterHandshake);
    long deadline = System.nanoTime() + BUDGET.toNanos();
    int connections = 0;
    while (System.nanoTime() < deadline) {
      try (RawClient client = new RawClient(port)) {
        int mode =
            random.nextInt(3); // 0: the handshake, 1: frames inside sealed records, 2: the records
        if (mode > 0) {
          assertThat(client.handshake("Mallory", mallory, "Carol")).isEqualTo(new Frame.Ack(0));
        }
        if (mode == 0) {
          client.write(early.next());
        } else if (mode == 1) {
          client.write(late.next());
        } else {
          byte[] records = client.seal(afterHandshake.get(random.nextInt(afterHandshake.size())));
          client.writeUnsealed(new MutationFuzzer(random, List.of(records)).next());
        }
        assertThat(client.closedByServer())
            .as("seed %d, connection %d: the server closed it", seed, connections)
            .isTrue();
      }
      connections++;
    }
    return connections;
  }
}

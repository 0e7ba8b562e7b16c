package p2pchat.bench.network;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.transport.DialTarget;
import p2pchat.agent.transport.PeerResolver;
import p2pchat.agent.transport.Transport;
import p2pchat.agent.transport.TransportConfig;

/**
 * The network ceiling: the real transport (handshake, framing, window, batched ACKs, outbox thread
 * hops) between one sender and one receiver on 127.0.0.1, with storage switched off (an outbox and
 * inbox in memory). End-to-end figures with SQLite can only be lower; this is the baseline they are
 * read against. No shared state; each run builds and tears down its own event loop group and
 * transports.
 *
 * <p>Run: {@code java -cp ... p2pchat.bench.network.NetworkCeiling [messages]} (default 500,000 per
 * run): msgs/s for 1 and 8 concurrent producers, and the time to drain 100,000 messages already
 * queued when the link comes up.
 */
public final class NetworkCeiling {
  private NetworkCeiling() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 500_000;
    run(1, Math.min(messages, 100_000)); // warm-up, not reported
    for (int producers : new int[] {1, 8}) {
      double rate = run(producers, messages);
      System.out.printf(
          "network ceiling: %d producer(s), %,d messages, %,.0f msgs/s%n",
          producers, messages, rate);
    }
    Duration drain = drainQueued(100_000);
    System.out.printf(
        "network ceiling: 100,000 queued messages drained in %d ms%n", drain.toMillis());
  }

  /**
   * Sends {@code messages} from Sender to Receiver, appended by {@code producers} threads as fast
   * as they can, each append followed by a wake as the agent does; returns messages per second from
   * the first append to the last ACK.
   */
  public static double run(int producers, int messages) throws Exception {
    return run(producers, messages, true);
  }

  /**
   * As {@link #run(int, int)}; {@code sealed} false is the plaintext baseline (same handshake,
   * frames in the clear).
   */
  public static double run(int producers, int messages, boolean sealed) throws Exception {
    ExecutorService producerPool =
        Executors.newFixedThreadPool(producers, r -> new Thread(r, "bench-producer"));
    try (Pair pair = new Pair(messages, sealed)) {
      long start = System.nanoTime();
      int share = messages / producers;
      for (int p = 0; p < producers; p++) {
        int count = p == producers - 1 ? messages - share * (producers - 1) : share;
        String prefix = "p" + p + "-";
        producerPool.execute(
            () -> {
              for (int i = 0; i < count; i++) {
                pair.outbox.append("Receiver", prefix + i, "message " + i);
                pair.sender.wake("Receiver");
              }
            });
      }
      pair.awaitAll();
      return messages * 1e9 / (System.nanoTime() - start);
    } finally {
      producerPool.shutdownNow();
    }
  }

  /** Queues {@code messages} first, then wakes the link: time from the wake to the last ACK. */
  public static Duration drainQueued(int messages) throws Exception {
    try (Pair pair = new Pair(messages, true)) {
      for (int i = 0; i < messages; i++) {
        pair.outbox.append("Receiver", "q" + i, "queued " + i);
      }
      long start = System.nanoTime();
      pair.sender.wake("Receiver");
      pair.awaitAll();
      return Duration.ofNanos(System.nanoTime() - start);
    }
  }

  /** One sender and one receiver transport on their own event loop group. Not thread-safe. */
  private static final class Pair implements AutoCloseable {
    final EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            Math.max(2, Runtime.getRuntime().availableProcessors()), NioIoHandler.newFactory());
    final ExecutorService senderOutbox =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "agent-Sender-outbox"));
    final ExecutorService receiverOutbox =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "agent-Receiver-outbox"));
    final MemoryOutbox outbox;
    final CountingInbox inbox = new CountingInbox();
    final int messages;
    final Transport receiver;
    final Transport sender;

    Pair(int messages, boolean sealed) {
      this.messages = messages;
      this.outbox = new MemoryOutbox("Sender", messages);
      Identity senderKey = Identity.generate();
      Identity receiverKey = Identity.generate();
      TransportConfig config =
          sealed
              ? TransportConfig.defaults()
              : TransportConfig.defaults().withUnsealedRecordsForBenchmarks();
      Map<String, DialTarget> registry = new ConcurrentHashMap<>();
      PeerResolver resolver =
          name -> CompletableFuture.completedFuture(Optional.ofNullable(registry.get(name)));
      receiver =
          new Transport(
              config,
              "Receiver",
              receiverKey,
              group,
              receiverOutbox,
              resolver,
              new MemoryOutbox("Receiver", 0),
              inbox);
      int port = receiver.listen("127.0.0.1", 0).getPort();
      registry.put(
          "Receiver", new DialTarget("Receiver", "127.0.0.1", port, receiverKey.publicKey()));
      registry.put("Sender", new DialTarget("Sender", "127.0.0.1", 1, senderKey.publicKey()));
      sender =
          new Transport(config, "Sender", senderKey, group, senderOutbox, resolver, outbox, inbox);
    }

    void awaitAll() throws Exception {
      outbox.allAcked().get(120, TimeUnit.SECONDS);
      if (inbox.count() < messages) {
        throw new IllegalStateException(
            "the receiver got " + inbox.count() + " of " + messages + " messages");
      }
    }

    @Override
    public void close() {
      sender.abort();
      receiver.abort();
      senderOutbox.shutdownNow();
      receiverOutbox.shutdownNow();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}

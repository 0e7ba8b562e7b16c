package p2pchat.bench.network;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.transport.PeerEndpoint;
import p2pchat.agent.transport.PeerResolver;
import p2pchat.agent.transport.Transport;
import p2pchat.agent.transport.TransportConfig;

/**
 * The network ceiling: the real transport (handshake, framing, window, batched ACKs, outbox
 * thread hops) between one sender and one receiver on 127.0.0.1, with storage switched off
 * (an outbox and inbox in memory). End-to-end figures with SQLite can only be lower; this is
 * the baseline they are read against. Stateless; each run builds and tears down its own
 * event loop group and transports.
 *
 * <p>Run: {@code java -cp ... p2pchat.bench.network.NetworkCeiling [messages]} (default
 * 500,000 per run); prints msgs/s for 1 and 8 concurrent producers.
 */
public final class NetworkCeiling {
  private NetworkCeiling() {}

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 500_000;
    run(1, Math.min(messages, 100_000)); // warm-up, not reported
    for (int producers : new int[] {1, 8}) {
      double rate = run(producers, messages);
      System.out.printf("network ceiling: %d producer(s), %,d messages, %,.0f msgs/s%n", producers, messages, rate);
    }
  }

  /**
   * Sends {@code messages} from Sender to Receiver, appended by {@code producers} threads as
   * fast as they can; returns messages per second from the first append to the last ACK.
   */
  public static double run(int producers, int messages) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
        NioIoHandler.newFactory());
    ExecutorService senderOutbox = Executors.newSingleThreadExecutor(r -> new Thread(r, "agent-Sender-outbox"));
    ExecutorService receiverOutbox = Executors.newSingleThreadExecutor(r -> new Thread(r, "agent-Receiver-outbox"));
    ExecutorService producerPool = Executors.newFixedThreadPool(producers, r -> new Thread(r, "bench-producer"));
    Identity senderKey = Identity.generate();
    Identity receiverKey = Identity.generate();
    MemoryOutbox outbox = new MemoryOutbox("Sender", messages);
    CountingInbox inbox = new CountingInbox();
    Transport receiver = null;
    Transport sender = null;
    try {
      TransportConfig config = TransportConfig.defaults();
      Map<String, PeerEndpoint> registry = new java.util.concurrent.ConcurrentHashMap<>();
      PeerResolver resolver = name -> CompletableFuture.completedFuture(Optional.ofNullable(registry.get(name)));
      receiver = new Transport(config, "Receiver", receiverKey, group, receiverOutbox, resolver, new MemoryOutbox("Receiver", 0), inbox);
      int port = receiver.listen("127.0.0.1", 0).getPort();
      registry.put("Receiver", new PeerEndpoint("Receiver", "127.0.0.1", port, receiverKey.publicKey()));
      registry.put("Sender", new PeerEndpoint("Sender", "127.0.0.1", 1, senderKey.publicKey()));
      sender = new Transport(config, "Sender", senderKey, group, senderOutbox, resolver, outbox, inbox);

      Transport from = sender;
      long start = System.nanoTime();
      int share = messages / producers;
      for (int p = 0; p < producers; p++) {
        int count = p == producers - 1 ? messages - share * (producers - 1) : share;
        String prefix = "p" + p + "-";
        producerPool.execute(() -> {
          for (int i = 0; i < count; i++) {
            outbox.append("Receiver", prefix + i, "message " + i);
            from.wake("Receiver");
          }
        });
      }
      outbox.allAcked().get(120, TimeUnit.SECONDS);
      long nanos = System.nanoTime() - start;
      if (inbox.count() < messages) {
        throw new IllegalStateException("receiver got " + inbox.count() + " of " + messages);
      }
      return messages * 1e9 / nanos;
    } finally {
      if (sender != null) {
        sender.abort();
      }
      if (receiver != null) {
        receiver.abort();
      }
      producerPool.shutdownNow();
      senderOutbox.shutdownNow();
      receiverOutbox.shutdownNow();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}

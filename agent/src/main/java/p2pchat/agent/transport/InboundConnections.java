package p2pchat.agent.transport;

import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The inbound connections of one transport: enforces {@code maxInboundConnections}, keeps one
 * authenticated connection per peer (a newer one replaces the older, e.g. after the sender
 * restarted and the old socket is half-open), and closes them all on shutdown. A connection counts
 * from its admission ({@link ServerHandshake}) until its channel closes, handshaking or not; a
 * proven one has a {@link ServerHandler} in its pipeline. Thread-safe.
 */
final class InboundConnections {
  private static final long REFUSAL_LOG_INTERVAL_NANOS = 1_000_000_000L;

  private final Context ctx;
  private final Set<Channel> open = ConcurrentHashMap.newKeySet();
  private final Map<String, Channel> byPeer = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicLong lastRefusalLog =
      new AtomicLong(System.nanoTime() - REFUSAL_LOG_INTERVAL_NANOS);
  private final AtomicLong refusedSinceLog = new AtomicLong();
  private volatile boolean closing;

  InboundConnections(Context ctx) {
    this.ctx = ctx;
  }

  /** False if the connection must be closed at once: too many open, or shutting down. */
  boolean admit(Channel channel) {
    if (closing) {
      return false;
    }
    int limit = ctx.config().maxInboundConnections();
    int n;
    do {
      n = count.get();
    } while (n < limit
        && !count.compareAndSet(n, n + 1)); // never above the limit, not even for a moment
    if (n >= limit) {
      long refused = refusedSinceLog.incrementAndGet();
      long last = lastRefusalLog.get();
      long now = System.nanoTime();
      if (now - last >= REFUSAL_LOG_INTERVAL_NANOS && lastRefusalLog.compareAndSet(last, now)) {
        refusedSinceLog.set(0);
        ctx.log()
            .warn(
                "refused {} inbound connection(s), latest from {}: {} are already open (maxInboundConnections)",
                refused,
                channel.remoteAddress(),
                limit);
      }
      return false;
    }
    open.add(channel);
    channel
        .closeFuture()
        .addListener(
            f -> {
              if (open.remove(channel)) {
                count.decrementAndGet();
              }
            });
    return true;
  }

  /** The handshake proved {@code peer} on {@code channel}: an older connection of it is closed. */
  void authenticated(String peer, Channel channel) {
    Channel older = byPeer.put(peer, channel);
    channel.closeFuture().addListener(f -> byPeer.remove(peer, channel));
    if (older != null && older != channel) {
      ctx.log().debug("{} connected again; closing its older connection", peer);
      older.close();
    }
  }

  String describe() {
    return open.stream().map(InboundConnections::describe).toList().toString();
  }

  private static String describe(Channel channel) {
    ServerHandler stream = channel.pipeline().get(ServerHandler.class);
    return stream != null
        ? stream.describe()
        : "from " + channel.remoteAddress() + ": handshaking active=" + channel.isActive();
  }

  int size() {
    return count.get();
  }

  /** Stops admitting; each connection finishes committing what it has, ACKs it, says BYE. */
  List<CompletableFuture<Void>> closeGracefully() {
    closing = true;
    return open.stream().map(InboundConnections::closeGracefully).toList();
  }

  List<CompletableFuture<Void>> abort() {
    closing = true;
    return open.stream()
        .map(
            channel -> {
              CompletableFuture<Void> closed = closed(channel);
              channel.close();
              return closed;
            })
        .toList();
  }

  /** A proven connection finishes its stream; one still handshaking is closed. */
  private static CompletableFuture<Void> closeGracefully(Channel channel) {
    CompletableFuture<Void> closed = closed(channel);
    try {
      channel
          .eventLoop()
          .execute(
              () -> {
                ServerHandler stream = channel.pipeline().get(ServerHandler.class);
                if (stream != null) {
                  stream.closeGracefully();
                } else {
                  channel.close();
                }
              });
    } catch (RejectedExecutionException e) {
      closed.complete(null); // the event loop group is shutting down
    }
    return closed;
  }

  private static CompletableFuture<Void> closed(Channel channel) {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    channel.closeFuture().addListener(f -> closed.complete(null));
    return closed;
  }
}

package p2pchat.agent.transport;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The inbound connections of one transport: enforces {@code maxInboundConnections}, keeps one
 * authenticated connection per peer (a newer one replaces the older, e.g. after the sender
 * restarted and the old socket is half-open), and closes them all on shutdown. Thread-safe.
 */
final class InboundConnections {
  private static final long REFUSAL_LOG_INTERVAL_NANOS = 1_000_000_000L;

  private final Context ctx;
  private final Set<ServerHandler> open = ConcurrentHashMap.newKeySet();
  private final Map<String, ServerHandler> byPeer = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicLong lastRefusalLog =
      new AtomicLong(System.nanoTime() - REFUSAL_LOG_INTERVAL_NANOS);
  private final AtomicLong refusedSinceLog = new AtomicLong();
  private volatile boolean closing;

  InboundConnections(Context ctx) {
    this.ctx = ctx;
  }

  /** False if the connection must be closed at once: too many open, or shutting down. */
  boolean admit(ServerHandler handler, String remote) {
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
                remote,
                limit);
      }
      return false;
    }
    open.add(handler);
    return true;
  }

  void authenticated(String peer, ServerHandler handler) {
    ServerHandler older = byPeer.put(peer, handler);
    if (older != null && older != handler) {
      ctx.log().debug("{} connected again; closing its older connection", peer);
      older.channel().close();
    }
  }

  void removed(ServerHandler handler, String peer) {
    if (open.remove(handler)) {
      count.decrementAndGet();
    }
    if (peer != null) {
      byPeer.remove(peer, handler);
    }
  }

  String describe() {
    return open.stream().map(ServerHandler::describe).toList().toString();
  }

  int size() {
    return count.get();
  }

  /** Stops admitting; each connection finishes committing what it has, ACKs it, says BYE. */
  List<CompletableFuture<Void>> closeGracefully() {
    closing = true;
    return open.stream().map(ServerHandler::closeGracefully).toList();
  }

  List<CompletableFuture<Void>> abort() {
    closing = true;
    return open.stream().map(ServerHandler::abort).toList();
  }
}

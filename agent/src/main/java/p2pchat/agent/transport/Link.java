package p2pchat.agent.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import p2pchat.agent.Message;
import p2pchat.agent.wire.Frame;
import p2pchat.agent.wire.FrameCodec;
import p2pchat.agent.wire.FrameDecoder;
import p2pchat.agent.wire.FrameEncoder;

/**
 * The outbound side towards one receiver: checks the outbox, resolves, connects, lets
 * {@link ClientHandler} handshake, then streams pending rows in seq order with at most
 * {@code window} unacknowledged, and reconnects with backoff while anything is pending.
 *
 * <p>Thread-safety: {@link #wake}, {@link #close} and {@link #abort} may be called from any
 * thread; everything else, and all fields below, belong to {@code loop}, the event loop the
 * link's channel is registered on, so no locks are needed. Store calls go through a
 * {@link SerialQueue} and their results hop back onto {@code loop}. A {@code generation} number
 * tells results of an earlier connection from the current one.
 *
 * <p>Memory is bounded: at most {@code window} messages are in flight, and nothing more is read
 * from the store while the channel is not writable (the receiver does not read), so a stuck
 * peer holds at most the write-buffer high-water mark plus one batch.
 */
final class Link {
  private static final int FETCH_LIMIT = 256;
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

  private enum State { IDLE, CHECKING, CONNECTING, READY, BACKOFF, CLOSED }

  private final String peer;
  private final Context ctx;
  private final EventLoop loop;
  private final SerialQueue store;
  private final Backoff backoff;
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private final AtomicLong ackTarget = new AtomicLong();
  private final AtomicBoolean ackQueued = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile long ackReported; // written by store tasks only, which run one at a time

  private State state = State.IDLE;
  private int generation;
  private Channel channel;
  private long lastSent;
  private long lastAcked;
  private final ArrayDeque<Long> unacked = new ArrayDeque<>();
  private boolean fetching;
  private boolean drained;
  private boolean woken; // a wake arrived since the last store read started
  private boolean idleClosing;
  private boolean closing;
  private long stuckSeq = -1; // a message too big for a frame; logged once
  private String lastComplaint; // repeated handshake refusals are logged once, then at debug
  private int attempts;
  private long lastAttemptNanos;
  private ScheduledFuture<?> retry;

  Link(String peer, Context ctx, EventLoop loop) {
    this.peer = peer;
    this.ctx = ctx;
    this.loop = loop;
    this.store = new SerialQueue(ctx);
    this.backoff = new Backoff(ctx.config().backoffMin(), ctx.config().backoffMax());
  }

  String peer() {
    return peer;
  }

  void wake() {
    if (wakeQueued.compareAndSet(false, true)) {
      onLoop(this::onWake);
    }
  }

  /** Stops taking work, waits for in-flight ACKs, says BYE; completes when closed and store calls ran. */
  CompletableFuture<Void> close() {
    onLoop(() -> {
      closing = true;
      cancelRetry();
      if (state == State.READY) {
        maybeFinishClose();
      } else if (channel != null) {
        channel.close();
      } else {
        finish();
      }
    });
    return closed.thenCompose(v -> store.drained());
  }

  /** Cuts the connection now, no BYE. */
  CompletableFuture<Void> abort() {
    onLoop(() -> {
      closing = true;
      cancelRetry();
      if (channel != null) {
        channel.close();
      } else {
        finish();
      }
    });
    return closed;
  }

  private void onWake() {
    wakeQueued.set(false);
    woken = true;
    attempts = 0;
    switch (state) {
      case IDLE -> check();
      case BACKOFF -> {
        // Retry now, but not more often than backoffMin: a wake per typed message must not
        // turn into a connect storm against a peer that is down.
        long sinceMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastAttemptNanos);
        long waitMillis = ctx.config().backoffMin().toMillis() - sinceMillis;
        cancelRetry();
        if (waitMillis <= 0) {
          check();
        } else {
          retry = loop.schedule(this::check, waitMillis, TimeUnit.MILLISECONDS);
        }
      }
      case READY -> {
        drained = false;
        pump();
      }
      default -> {} // CHECKING, CONNECTING: `woken` makes them carry on; CLOSED: nothing
    }
  }

  /** Before connecting, ask the store whether anything is pending at all. */
  private void check() {
    if (closing) {
      return;
    }
    retry = null;
    state = State.CHECKING;
    woken = false;
    int gen = ++generation;
    long after = lastAcked;
    store.submit(() -> {
      Boolean any;
      try {
        any = !ctx.outbox().pending(peer, after, 1).isEmpty();
      } catch (RuntimeException e) {
        ctx.log().warn("could not read the outbox for {}: {}", peer, Context.describe(e));
        any = null;
      }
      Boolean result = any;
      onLoop(() -> onChecked(gen, result));
    });
  }

  private void onChecked(int gen, Boolean anyPending) {
    if (gen != generation || state != State.CHECKING) {
      return;
    }
    if (anyPending == null) {
      retryLater();
    } else if (anyPending) {
      connect();
    } else if (woken) {
      check();
    } else {
      state = State.IDLE;
    }
  }

  private void connect() {
    state = State.CONNECTING;
    lastAttemptNanos = System.nanoTime();
    int gen = generation;
    CompletableFuture<Optional<PeerEndpoint>> lookup;
    try {
      lookup = ctx.resolver().resolve(peer);
    } catch (RuntimeException e) {
      lookup = CompletableFuture.failedFuture(e);
    }
    lookup.whenComplete((endpoint, error) -> onLoop(() -> onResolved(gen, endpoint, error)));
  }

  private void onResolved(int gen, Optional<PeerEndpoint> endpoint, Throwable error) {
    if (gen != generation || state != State.CONNECTING) {
      return;
    }
    if (error != null || endpoint.isEmpty()) {
      ctx.log().debug("cannot reach {}: {}", peer, error != null ? Context.describe(error) : "not known to the registry");
      retryLater();
      return;
    }
    PeerEndpoint to = endpoint.get();
    TransportConfig config = ctx.config();
    Bootstrap bootstrap = new Bootstrap()
        .group(loop)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.handshakeTimeout().toMillis())
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(
                new FrameDecoder(config.maxFrameBytes()),
                new FrameEncoder(config.maxFrameBytes()),
                new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                new ClientHandler(Link.this, gen, to, ctx));
          }
        });
    ChannelFuture connecting = bootstrap.connect(to.host(), to.port());
    channel = connecting.channel();
    connecting.addListener(f -> {
      if (!f.isSuccess() && gen == generation) {
        ctx.log().debug("cannot connect to {} at {}:{}: {}", peer, to.host(), to.port(), Context.describe(f.cause()));
        channel = null;
        if (closing) {
          finish();
        } else {
          retryLater();
        }
      }
    });
  }

  void onAccepted(int gen) {
    if (gen != generation || state != State.CONNECTING || closing) {
      if (gen == generation && channel != null) {
        channel.close();
      }
      return;
    }
    state = State.READY;
    attempts = 0;
    lastComplaint = null;
    lastSent = lastAcked;
    unacked.clear();
    drained = false;
    idleClosing = false;
    ctx.log().debug("link to {} is up, resending after seq {}", peer, lastAcked);
    pump();
  }

  /**
   * The handshake with {@code peer} failed for a reason worth a WARN (refused, wrong key, wrong
   * agent). Drops the resolver's cached entry; returns whether to log at WARN (the first time
   * this reason is seen since the link was last up) rather than at debug.
   */
  boolean handshakeFailed(String reason) {
    ctx.resolver().invalidate(peer);
    boolean first = !reason.equals(lastComplaint);
    lastComplaint = reason;
    return first;
  }

  void onAck(int gen, long seq) {
    if (gen != generation || state != State.READY) {
      return;
    }
    if (seq > lastSent) {
      ctx.log().warn("closing the link to {}: it acknowledged seq {} but only {} was sent", peer, seq, lastSent);
      channel.close();
      return;
    }
    if (seq <= lastAcked) {
      return;
    }
    lastAcked = seq;
    while (!unacked.isEmpty() && unacked.peekFirst() <= seq) {
      unacked.pollFirst();
    }
    reportAcked(seq);
    if (closing) {
      maybeFinishClose();
    } else {
      pump();
    }
  }

  void onWritable(int gen) {
    if (gen == generation && channel != null && channel.isWritable()) {
      pump();
    }
  }

  void onReaderIdle(int gen) {
    if (gen != generation || state != State.READY) {
      return;
    }
    if (!unacked.isEmpty()) {
      ctx.log().warn("no ACK from {} for {} ms with {} messages in flight; reconnecting",
          peer, ctx.config().idleTimeout().toMillis(), unacked.size());
      channel.close();
    } else if (drained && !fetching) {
      ctx.log().debug("link to {} idle; closing it", peer);
      idleClosing = true;
      channel.writeAndFlush(new Frame.Bye("idle"));
      channel.close();
    }
  }

  void onDisconnected(int gen) {
    if (gen != generation) {
      return;
    }
    boolean quiet = state == State.READY && unacked.isEmpty() && (drained || idleClosing);
    generation++;
    channel = null;
    fetching = false;
    lastSent = lastAcked;
    unacked.clear();
    if (closing) {
      finish();
    } else if (state == State.READY && quiet && !woken) {
      state = State.IDLE;
    } else if (state == State.READY && quiet) {
      check();
    } else {
      retryLater();
    }
  }

  private void pump() {
    if (state != State.READY || fetching || drained || closing || idleClosing) {
      return;
    }
    int room = ctx.config().window() - unacked.size();
    if (room <= 0 || !channel.isWritable()) {
      return;
    }
    int limit = Math.min(room, FETCH_LIMIT);
    fetching = true;
    woken = false;
    int gen = generation;
    long after = lastSent;
    store.submit(() -> {
      List<Message> rows;
      try {
        rows = ctx.outbox().pending(peer, after, limit);
      } catch (RuntimeException e) {
        ctx.log().warn("could not read the outbox for {}: {}", peer, Context.describe(e));
        onLoop(() -> onFetchFailed(gen));
        return;
      }
      onLoop(() -> onFetched(gen, rows, limit));
    });
  }

  private void onFetchFailed(int gen) {
    fetching = false;
    if (gen == generation && channel != null) {
      channel.close(); // reconnects with backoff, and reads again
    }
  }

  private void onFetched(int gen, List<Message> rows, int limit) {
    fetching = false;
    if (gen != generation || state != State.READY) {
      return;
    }
    if (closing) { // stop taking new work: these rows stay pending for the next run
      maybeFinishClose();
      return;
    }
    if (rows.size() < limit && !woken) {
      drained = true;
    }
    if (!rows.isEmpty()) {
      write(rows);
    }
    if (closing) {
      maybeFinishClose();
    } else {
      pump();
    }
  }

  private void write(List<Message> rows) {
    int maxFrame = ctx.config().maxFrameBytes();
    ByteBuf buf = channel.alloc().ioBuffer(Math.min(rows.size() * 128, 1 << 20));
    long first = -1;
    long last = lastSent;
    for (Message m : rows) {
      if (m.seq() <= last) {
        continue; // the outbox returned a row we already sent; skip rather than break the order
      }
      int mark = buf.writerIndex();
      int length = FrameCodec.writeFrame(
          new Frame.Msg(m.id(), m.seq(), m.sentAt(), m.expiresAt(), m.offline(), m.text(), m.data()), buf);
      if (length > maxFrame) {
        buf.writerIndex(mark);
        if (stuckSeq != m.seq()) {
          stuckSeq = m.seq();
          ctx.log().error("message {} (seq {}) to {} needs a {}-byte frame, more than the {}-byte limit; "
              + "it cannot be delivered and holds back the messages after it", m.id(), m.seq(), peer, length, maxFrame);
        }
        drained = true;
        break;
      }
      if (first < 0) {
        first = m.seq();
      }
      last = m.seq();
      unacked.addLast(last);
    }
    if (first < 0) {
      buf.release();
      return;
    }
    channel.writeAndFlush(buf, channel.voidPromise());
    lastSent = last;
    long from = first;
    long to = last;
    store.submit(() -> ctx.outbox().sent(peer, from, to));
  }

  /** Coalesced: many ACKs arriving while the store is busy become one {@code acked} call. */
  private void reportAcked(long seq) {
    ackTarget.set(seq);
    if (ackQueued.compareAndSet(false, true)) {
      store.submit(() -> {
        ackQueued.set(false);
        long upto = ackTarget.get();
        if (upto > ackReported) {
          ackReported = upto;
          ctx.outbox().acked(peer, upto);
        }
      });
    }
  }

  private void maybeFinishClose() {
    if (state == State.READY && unacked.isEmpty() && channel != null) {
      channel.writeAndFlush(new Frame.Bye("closing"));
      channel.close();
    }
  }

  private void retryLater() {
    if (closing) {
      finish();
      return;
    }
    state = State.BACKOFF;
    generation++;
    long delay = backoff.delayMillis(attempts++);
    ctx.log().debug("retrying {} in {} ms", peer, delay);
    retry = loop.schedule(this::check, delay, TimeUnit.MILLISECONDS);
  }

  private void cancelRetry() {
    if (retry != null) {
      retry.cancel(false);
      retry = null;
    }
  }

  private void finish() {
    state = State.CLOSED;
    generation++;
    closed.complete(null);
  }

  private void onLoop(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      closed.complete(null); // the event loop group is shutting down: nothing more will happen here
    }
  }
}

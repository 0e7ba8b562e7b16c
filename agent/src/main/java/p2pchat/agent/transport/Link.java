package p2pchat.agent.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import p2pchat.agent.Message;
import p2pchat.agent.common.Backoff;
import p2pchat.agent.common.Causes;
import p2pchat.agent.wire.Frame;

/**
 * The outbound side towards one receiver: checks the outbox, resolves, connects, lets {@link
 * ClientHandler} handshake, then streams pending rows in seq order with at most {@code window}
 * unacknowledged, and reconnects with backoff while anything is pending.
 *
 * <p>Thread-safety: {@link #wake}, {@link #close} and {@link #abort} may be called from any thread;
 * everything else, and all fields below, belong to {@code loop}, the event loop the link's channel
 * is registered on, so no locks are needed. Store calls go through {@link LinkOutbox} and their
 * results hop back onto {@code loop}; the send window's bookkeeping is in {@link SendWindow}. A
 * {@code generation} number tells results of an earlier connection from the current one.
 *
 * <p>Memory is bounded: at most {@code window} messages are in flight, and nothing more is read
 * from the store while the channel is not writable (the receiver does not read), so a stuck peer
 * holds at most the write-buffer high-water mark plus one batch.
 */
final class Link {
  private static final int FETCH_LIMIT = 256;

  private enum State {
    IDLE,
    CHECKING,
    CONNECTING,
    READY,
    BACKOFF,
    CLOSED
  }

  private final String peer;
  private final Context ctx;
  private final EventLoop loop;
  private final LinkOutbox outbox;
  private final Backoff backoff;
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private State state = State.IDLE;
  private int generation;
  private Channel channel;
  private final SendWindow window;
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
    this.outbox = new LinkOutbox(peer, ctx, this::onLoop);
    this.backoff = new Backoff(ctx.config().backoffMin(), ctx.config().backoffMax());
    this.window = new SendWindow(ctx.config().window(), ctx.config().maxFrameBytes());
  }

  String peer() {
    return peer;
  }

  void wake() {
    if (wakeQueued.compareAndSet(false, true)) {
      onLoop(this::onWake);
    }
  }

  /**
   * Stops taking work, waits for in-flight ACKs, says BYE; completes when closed and store calls
   * ran.
   */
  CompletableFuture<Void> close() {
    onLoop(
        () -> {
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
    return closed.thenCompose(v -> outbox.drained());
  }

  /** Cuts the connection now, no BYE. */
  CompletableFuture<Void> abort() {
    onLoop(
        () -> {
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

  /** One line of this link's state, read on its event loop (diagnostics and tests). */
  String describe() {
    try {
      return loop.submit(
              () ->
                  peer
                      + ": "
                      + state
                      + " gen="
                      + generation
                      + " lastSent="
                      + window.lastSent()
                      + " lastAcked="
                      + window.lastAcked()
                      + " inFlight="
                      + window.inFlight()
                      + " fetching="
                      + fetching
                      + " drained="
                      + drained
                      + " woken="
                      + woken
                      + " idleClosing="
                      + idleClosing
                      + " closing="
                      + closing
                      + " attempts="
                      + attempts
                      + " channel="
                      + (channel == null
                          ? "none"
                          : channel.isActive() + "/writable=" + channel.isWritable()))
          .get(1, TimeUnit.SECONDS);
    } catch (Exception e) {
      return peer + ": unknown (" + e + ")";
    }
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
    outbox.anyPending(window.lastAcked(), any -> onChecked(gen, any));
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
      ctx.log()
          .debug(
              "cannot reach {}: {}",
              peer,
              error != null ? Causes.describe(error) : "not known to the registry");
      retryLater();
      return;
    }
    PeerEndpoint to = endpoint.get();
    ChannelFuture connecting = ClientHandler.connect(this, gen, to, ctx, loop);
    channel = connecting.channel();
    connecting.addListener(
        f -> {
          if (!f.isSuccess() && gen == generation) {
            ctx.log()
                .debug(
                    "cannot connect to {} at {}:{}: {}",
                    peer,
                    to.host(),
                    to.port(),
                    Causes.describe(f.cause()));
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
    window.restart();
    drained = false;
    idleClosing = false;
    ctx.log().debug("link to {} is up, resending after seq {}", peer, window.lastAcked());
    pump();
  }

  /**
   * The handshake with {@code peer} failed for a reason worth a WARN (refused, wrong key, wrong
   * agent). Drops the resolver's cached entry; returns whether to log at WARN (the first time this
   * reason is seen since the link was last up) rather than at debug.
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
    switch (window.ack(seq)) {
      case INVALID -> {
        ctx.log()
            .warn(
                "closing the link to {}: it acknowledged seq {} but only {} was sent",
                peer,
                seq,
                window.lastSent());
        channel.close();
        return;
      }
      case STALE -> {
        return;
      }
      case ADVANCED -> {}
    }
    outbox.acked(seq);
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
    if (window.inFlight() > 0) {
      ctx.log()
          .warn(
              "no ACK from {} for {} ms with {} messages in flight; reconnecting",
              peer,
              ctx.config().idleTimeout().toMillis(),
              window.inFlight());
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
    boolean quiet = state == State.READY && window.inFlight() == 0 && (drained || idleClosing);
    generation++;
    channel = null;
    fetching = false;
    window.restart();
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
    int room = window.room();
    if (room <= 0 || !channel.isWritable()) {
      return;
    }
    int limit = Math.min(room, FETCH_LIMIT);
    fetching = true;
    woken = false;
    int gen = generation;
    outbox.fetch(
        window.lastSent(),
        limit,
        rows -> {
          if (rows == null) {
            onFetchFailed(gen);
          } else {
            onFetched(gen, rows, limit);
          }
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
    SendWindow.Batch batch = window.encode(rows, channel.alloc());
    if (batch.problem() != null) {
      Message m = batch.blocked();
      if (stuckSeq != m.seq()) {
        stuckSeq = m.seq();
        ctx.log()
            .error(
                "message {} (seq {}) to {} {}; it cannot be delivered and holds back the messages after it",
                m.id(),
                m.seq(),
                peer,
                batch.problem());
      }
      drained = true; // until the next wake: the same row would come back first
    }
    if (batch.frames() != null) {
      channel.writeAndFlush(batch.frames(), channel.voidPromise());
      outbox.sent(batch.first(), batch.last());
    }
  }

  private void maybeFinishClose() {
    if (state == State.READY && window.inFlight() == 0 && channel != null) {
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

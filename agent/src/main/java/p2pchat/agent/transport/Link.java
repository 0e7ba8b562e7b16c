package p2pchat.agent.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import p2pchat.agent.Message;
import p2pchat.agent.common.Backoff;
import p2pchat.agent.common.Causes;

/**
 * The outbound side towards one receiver: checks the outbox, resolves, connects, lets {@link
 * ClientHandshake} prove both sides, then hands the accepted connection to a {@link LinkConnection}
 * that streams pending rows, and reconnects with backoff while anything is pending.
 *
 * <p>What belongs to one connection (its channel, its send window, whether it is fetching or
 * drained) lives in its {@link LinkConnection}, made when the server accepts and dropped when the
 * channel closes, so callbacks of an old connection act on their own object, never on the new one.
 * What outlives connections stays here: the state below, the last acknowledged seq, the retry. The
 * steps before a connection exists (check, resolve, connect, handshake) belong to one {@link
 * Attempt}; results of an attempt that is no longer the current one are dropped.
 *
 * <p>Thread-safety: {@link #wake}, {@link #close} and {@link #abort} may be called from any thread;
 * everything else, and all fields below, belong to {@code loop}, the event loop the link's channel
 * is registered on, so no locks are needed. Store calls go through {@link LinkOutbox} and their
 * results hop back onto {@code loop}.
 */
final class Link {
  private enum State {
    IDLE,
    CHECKING,
    CONNECTING,
    READY,
    BACKOFF,
    CLOSED
  }

  /** One try at connecting: from the outbox check to the server's acceptance. */
  static final class Attempt {}

  private final String peer;
  private final Context ctx;
  private final EventLoop loop;
  private final LinkOutbox outbox;
  private final Backoff backoff;
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private volatile State state = State.IDLE; // written on loop only; volatile for metrics' reads
  private Attempt attempt; // the current one, null when none
  private Channel connecting; // the attempt's channel, until it is accepted
  private LinkConnection connection; // while READY
  private long lastAcked;
  private boolean woken; // a wake arrived since the last store read started
  private boolean closing;
  private final LinkComplaints complaints;
  private int attempts;
  private long lastAttemptNanos;
  private ScheduledFuture<?> retry;

  Link(String peer, Context ctx, EventLoop loop) {
    this.peer = peer;
    this.ctx = ctx;
    this.loop = loop;
    this.outbox = new LinkOutbox(peer, ctx, this::onLoop);
    this.backoff = new Backoff(ctx.config().backoffMin(), ctx.config().backoffMax());
    this.complaints = new LinkComplaints(peer, ctx.log());
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
          if (connection != null) {
            connection.finishIfIdle();
          } else if (connecting != null) {
            connecting.close();
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
          Channel channel = connection != null ? connection.channel() : connecting;
          if (channel != null) {
            channel.close();
          } else {
            finish();
          }
        });
    return closed;
  }

  /**
   * The state now, from any thread (metrics): idle, checking, connecting, ready, backoff, closed.
   */
  String stateName() {
    return state.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** One line of this link's state, read on its event loop (diagnostics and tests). */
  String describe() {
    try {
      return loop.submit(
              () ->
                  String.format(
                      "%s: %s lastAcked=%d woken=%b closing=%b attempts=%d %s",
                      peer,
                      state,
                      lastAcked,
                      woken,
                      closing,
                      attempts,
                      connection != null
                          ? connection.describe()
                          : "channel=" + (connecting == null ? "none" : "connecting")))
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
      case READY -> connection.wake();
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
    Attempt a = attempt = new Attempt();
    outbox.anyPending(lastAcked, any -> onChecked(a, any));
  }

  private void onChecked(Attempt a, Boolean anyPending) {
    if (a != attempt || state != State.CHECKING) {
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
    Attempt a = attempt;
    CompletableFuture<Optional<DialTarget>> lookup;
    try {
      lookup = ctx.resolver().resolve(peer);
    } catch (RuntimeException e) {
      lookup = CompletableFuture.failedFuture(e);
    }
    lookup.whenComplete((endpoint, error) -> onLoop(() -> onResolved(a, endpoint, error)));
  }

  private void onResolved(Attempt a, Optional<DialTarget> endpoint, Throwable error) {
    if (a != attempt || state != State.CONNECTING) {
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
    ClientHandshake.dialInTurn(this, a, endpoint.get(), ctx, loop);
  }

  /** Attempt {@code a}'s turn to dial has come: whether it is still wanted (no close, no newer). */
  boolean wantsDial(Attempt a) {
    return a == attempt && state == State.CONNECTING && !closing;
  }

  /** The channel the current attempt dials on, until the server accepts it. */
  void connecting(Channel channel) {
    connecting = channel;
  }

  /** Attempt {@code a} could not connect to {@code to}. */
  void connectFailed(Attempt a, DialTarget to, Throwable cause) {
    if (a != attempt) {
      return;
    }
    ctx.log()
        .debug(
            "cannot connect to {} at {}:{}: {}",
            peer,
            to.host(),
            to.port(),
            Causes.describe(cause));
    attemptOver();
  }

  /** Closes the connection if it is quiet for {@code quietNanos} (see {@link LinkConnection}). */
  void closeIfQuiet(long quietNanos) {
    if (state != State.READY) {
      return; // read without the loop: a link just up is not quiet anyway
    }
    onLoop(
        () -> {
          if (connection != null) {
            connection.closeIfQuiet(quietNanos);
          }
        });
  }

  /**
   * The server accepted the connection of attempt {@code a}: it becomes the link's connection, or
   * null if the attempt is no longer wanted (then the caller closes its channel).
   */
  LinkConnection accepted(Attempt a, Channel channel) {
    if (a != attempt || state != State.CONNECTING || closing) {
      return null;
    }
    state = State.READY;
    attempt = null;
    connecting = null;
    // attempts go back to 0 at the first ACK, not here: a receiver that accepts and then refuses
    // every batch (its commit fails) must not be redialled at the shortest backoff for ever
    complaints.linkUp();
    connection =
        new LinkConnection(
            this,
            channel,
            new SendWindow(ctx.config().window(), ctx.config().maxFrameBytes(), lastAcked),
            outbox,
            ctx);
    ctx.log().debug("link to {} is up, resending after seq {}", peer, lastAcked);
    connection.pump();
    return connection;
  }

  /** The current attempt is over without a connection: finish if closing, else retry later. */
  private void attemptOver() {
    connecting = null;
    if (closing) {
      finish();
    } else {
      retryLater();
    }
  }

  /** The channel of attempt {@code a} closed before the server accepted it. */
  void attemptEnded(Attempt a) {
    if (a != attempt) {
      return;
    }
    attemptOver();
  }

  /**
   * The handshake with {@code peer} failed for a reason worth a WARN (refused, wrong key, wrong
   * agent). Drops the resolver's cached entry; returns whether to log at WARN (the first time this
   * reason is seen since the link was last up) rather than at debug.
   */
  boolean handshakeFailed(String reason) {
    ctx.resolver().invalidate(peer);
    return complaints.firstTime(reason);
  }

  // ---- for the link's connection

  boolean closing() {
    return closing;
  }

  /** A store read starts: wakes from here on mean there may be more than it returns. */
  void readStarts() {
    woken = false;
  }

  boolean wokenSinceRead() {
    return woken;
  }

  void acked(long seq) {
    lastAcked = seq;
    attempts = 0;
    outbox.acked(seq);
  }

  /** A row cannot go in a frame: said once per row, since it comes back first on every read. */
  void cannotSend(Message m, String problem) {
    complaints.cannotSend(m, problem);
  }

  /**
   * The channel of {@code c} closed; {@code quiet} when nothing was in flight and it had sent
   * everything (or closed for being idle).
   */
  void connectionClosed(LinkConnection c, boolean quiet) {
    if (c != connection) {
      return;
    }
    connection = null;
    if (closing) {
      finish();
    } else if (quiet && !woken) {
      state = State.IDLE;
    } else if (quiet) {
      check();
    } else {
      retryLater();
    }
  }

  private void retryLater() {
    if (closing) {
      finish();
      return;
    }
    state = State.BACKOFF;
    attempt = null;
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
    attempt = null;
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

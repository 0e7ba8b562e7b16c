package p2pchat.agent.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import p2pchat.agent.common.Causes;
import p2pchat.agent.wire.Frame;
import p2pchat.agent.wire.ProtocolException;

/**
 * One inbound connection once {@link ServerHandshake} has proven the client and sealed the link
 * ({@link Handshaken}): accepts it with ACK(0), then hands MSG frames to its {@link InboundBatches}
 * and acknowledges each batch once its commit completes (in order: an ACK is cumulative), and stops
 * reading while the peer is past its quota or too much awaits commit. One per channel, used only on
 * that channel's event loop.
 *
 * <p>Limits: the handshake must finish within {@code handshakeTimeout}; a connection with nothing
 * to commit that sent nothing for {@code idleTimeout} is closed; a batch holds at most {@value
 * InboundBatches#BATCH_MAX_MESSAGES} messages or about {@value InboundBatches#BATCH_MAX_CHARS}
 * characters; with {@value #MAX_OUTSTANDING_BATCHES} batches awaiting commit, or while the peer
 * does not read our ACKs (channel not writable), we stop reading from the socket. So one connection
 * holds at most a few MiB, whatever the peer does.
 */
final class ServerHandler extends ChannelInboundHandlerAdapter {
  static final int MAX_OUTSTANDING_BATCHES = 4;

  private enum Phase {
    HANDSHAKE,
    READY,
    DONE
  }

  private final Context ctx;
  private final InboundConnections connections;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile Channel channel;
  private String remote = "?";
  private Phase phase = Phase.HANDSHAKE;
  private String peer;
  private ScheduledFuture<?> handshakeTimer;
  private final InboundBatches batches;
  private boolean closing;
  private boolean quotaWait; // waiting for the script to handle this peer's messages

  ServerHandler(Context ctx, InboundConnections connections) {
    this.ctx = ctx;
    this.connections = connections;
    this.batches = new InboundBatches(ctx.self());
  }

  Channel channel() {
    return channel;
  }

  @Override
  public void channelActive(ChannelHandlerContext c) {
    channel = c.channel();
    remote = String.valueOf(channel.remoteAddress());
    channel.closeFuture().addListener(f -> closed.complete(null));
    if (!connections.admit(this, remote)) {
      phase = Phase.DONE;
      channel.close();
      return;
    }
    long millis = ctx.config().handshakeTimeout().toMillis();
    handshakeTimer =
        c.executor()
            .schedule(
                () -> refuse("no handshake within " + millis + " ms"),
                millis,
                TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext c, Object msg) {
    Frame frame = (Frame) msg;
    switch (phase) {
      case HANDSHAKE ->
          throw new ProtocolException("sent " + kind(frame) + " before the handshake ended");
      case READY -> {
        if (frame instanceof Frame.Msg m) {
          if (batches.add(peer, m)) {
            dispatch();
          }
        } else if (frame instanceof Frame.Bye bye) {
          ctx.log().debug("{} closed its link: {}", peer, bye.reason());
          dispatch();
          closing = true;
          c.channel().config().setAutoRead(false);
          maybeFinishClose();
        } else {
          throw new ProtocolException("expected MSG or BYE, got " + kind(frame));
        }
      }
      case DONE -> {} // closing; ignore what was already decoded
    }
  }

  /** Both sides are proven and the link sealed: accept it. */
  private void accepted(String peer) {
    this.peer = peer;
    phase = Phase.READY;
    handshakeTimer.cancel(false);
    connections.authenticated(peer, this);
    channel.writeAndFlush(new Frame.Ack(0));
    updateAutoRead(); // a sender already past its quota is not read from
    ctx.log().debug("{} connected from {}", peer, remote);
    try {
      ctx.inbox().connected(peer);
    } catch (RuntimeException e) {
      ctx.log().warn("the inbox failed on {} connecting: {}", peer, Causes.describe(e));
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext c) {
    if (phase == Phase.READY) {
      dispatch();
    }
    c.fireChannelReadComplete();
  }

  private void dispatch() {
    CompletableFuture<?> committed = batches.dispatch(ctx.inbox(), peer);
    if (committed == null) {
      return;
    }
    updateAutoRead();
    committed.whenComplete(
        (r, e) -> {
          if (channel.eventLoop().inEventLoop()) {
            onCommitted();
          } else {
            onLoop(this::onCommitted);
          }
        });
  }

  /** ACKs the longest committed prefix of the outstanding batches, in order. */
  private void onCommitted() {
    InboundBatches.Committed done = batches.takeCommitted();
    if (done.failure() != null) {
      ctx.log()
          .warn(
              "could not store messages from {}: {}; closing so that it sends them again",
              peer,
              done.failure());
      phase = Phase.DONE;
      channel.close();
      return;
    }
    if (done.ack() >= 0 && channel.isActive()) {
      channel.writeAndFlush(new Frame.Ack(done.ack()), channel.voidPromise());
    }
    updateAutoRead();
    maybeFinishClose();
  }

  private void updateAutoRead() {
    boolean read =
        !closing
            && batches.outstanding() < MAX_OUTSTANDING_BATCHES
            && channel.isWritable()
            && !overQuota();
    if (channel.config().isAutoRead() != read) {
      channel.config().setAutoRead(read);
    }
  }

  /**
   * True while the peer has more messages stored and not yet handled than its quota: reading stops
   * (the rest waits in its outbox) until the script catches up, logged once per episode.
   */
  private boolean overQuota() {
    if (peer == null || !ctx.quota().over(peer)) {
      return false;
    }
    if (!quotaWait) {
      quotaWait = true;
      ctx.log()
          .info(
              "{} has {} messages stored that the script has not handled yet (its quota is {}); not reading more"
                  + " from it until the script catches up",
              peer,
              ctx.quota().unhandled(peer),
              ctx.quota().limit());
      ctx.quota()
          .whenUnder(
              peer,
              () ->
                  onLoop(
                      () -> {
                        quotaWait = false;
                        ctx.log().info("{} is below its quota again; reading from it", peer);
                        if (phase == Phase.READY) {
                          updateAutoRead();
                        }
                      }));
    }
    return true;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext c) {
    if (phase == Phase.READY) {
      updateAutoRead();
    }
    c.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext c, Object event) {
    if (event instanceof Handshaken h && phase == Phase.HANDSHAKE) {
      accepted(h.peer());
      return;
    }
    if (event instanceof IdleStateEvent && phase == Phase.READY && batches.idle()) {
      ctx.log().debug("closing the idle connection from {}", peer);
      sayByeAndClose("idle");
    }
  }

  /** One line of this connection's state (diagnostics and tests); racy reads are fine here. */
  String describe() {
    Channel ch = channel;
    return "from "
        + remote
        + " ("
        + peer
        + "): "
        + phase
        + " "
        + batches.describe()
        + " closing="
        + closing
        + (ch == null
            ? ""
            : " active="
                + ch.isActive()
                + " autoRead="
                + ch.config().isAutoRead()
                + " writable="
                + ch.isWritable());
  }

  CompletableFuture<Void> closeGracefully() {
    onLoop(
        () -> {
          closing = true;
          if (phase != Phase.READY) {
            phase = Phase.DONE;
            channel.close();
            return;
          }
          dispatch();
          channel.config().setAutoRead(false);
          maybeFinishClose();
        });
    return closed;
  }

  CompletableFuture<Void> abort() {
    Channel ch = channel;
    if (ch != null) {
      ch.close();
    }
    return closed;
  }

  private void maybeFinishClose() {
    if (closing && batches.outstanding() == 0 && phase != Phase.DONE) {
      sayByeAndClose("closing");
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext c) {
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
    }
    phase = Phase.DONE;
    connections.removed(this, peer);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
    if (cause instanceof ProtocolException) {
      refuse(cause.getMessage());
    } else if (cause instanceof IOException) {
      ctx.log().debug("connection from {} ({}) broke: {}", remote, peer, Causes.describe(cause));
      phase = Phase.DONE;
      c.close();
    } else {
      ctx.log()
          .warn(
              "closing the connection from {} ({}) after an unexpected error: {}",
              remote,
              peer,
              String.valueOf(cause));
      phase = Phase.DONE;
      c.close();
    }
  }

  /** Logs one WARN line, tells the peer why, closes. */
  private void refuse(String reason) {
    if (phase == Phase.DONE) {
      return;
    }
    ctx.log()
        .warn(
            "closing the connection from {}{}: {}",
            remote,
            peer == null ? "" : " (" + peer + ")",
            reason);
    sayByeAndClose(reason);
  }

  private void sayByeAndClose(String reason) {
    phase = Phase.DONE;
    // Not waiting for the write: a peer that does not read must not keep the socket open.
    channel.writeAndFlush(new Frame.Bye(reason));
    channel.close();
  }

  private void onLoop(Runnable task) {
    try {
      channel.eventLoop().execute(task);
    } catch (RejectedExecutionException e) {
      closed.complete(null);
    }
  }

  private static String kind(Frame frame) {
    return frame.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
  }
}

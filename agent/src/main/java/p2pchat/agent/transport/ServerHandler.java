package p2pchat.agent.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import p2pchat.agent.common.Causes;
import p2pchat.agent.wire.Frame;
import p2pchat.agent.wire.ProtocolException;

/**
 * One inbound connection's stream, put in the pipeline by {@link ServerHandshake} once it has
 * proven the client and sealed the link, so it only ever sees a proven peer: accepts the connection
 * with ACK(0) when added, then hands MSG frames to its {@link InboundBatches} and acknowledges each
 * batch once its commit completes (in order: an ACK is cumulative), and stops reading while the
 * peer is past its quota or too much awaits commit. One per channel, used only on that channel's
 * event loop.
 *
 * <p>Limits: a connection with nothing to commit that sent nothing for {@code idleTimeout} is
 * closed; a batch holds at most {@value InboundBatches#BATCH_MAX_MESSAGES} messages or about
 * {@value InboundBatches#BATCH_MAX_CHARS} characters; with {@value #MAX_OUTSTANDING_BATCHES}
 * batches awaiting commit, or while the peer does not read our ACKs (channel not writable), we stop
 * reading from the socket. So one connection holds at most a few MiB, whatever the peer does.
 */
final class ServerHandler extends ChannelInboundHandlerAdapter {
  static final int MAX_OUTSTANDING_BATCHES = 4;

  private final Context ctx;
  private final String peer;
  private final InboundBatches batches;
  private volatile Channel channel; // set when added; read by describe() from any thread
  private String remote = "?";
  private boolean done; // closing or closed by us: what was already decoded is ignored
  private boolean closing; // finishing what was received, then BYE
  private boolean quotaWait; // waiting for the script to handle this peer's messages

  ServerHandler(Context ctx, String peer) {
    this.ctx = ctx;
    this.peer = peer;
    this.batches = new InboundBatches(ctx.self());
  }

  /** Both sides are proven and the link sealed: accept it. */
  @Override
  public void handlerAdded(ChannelHandlerContext c) {
    channel = c.channel();
    remote = String.valueOf(channel.remoteAddress());
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
  public void channelRead(ChannelHandlerContext c, Object msg) {
    if (done) {
      return; // closing; ignore what was already decoded
    }
    Frame frame = (Frame) msg;
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

  @Override
  public void channelReadComplete(ChannelHandlerContext c) {
    if (!done) {
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
    InboundBatches.Committed committed = batches.takeCommitted();
    if (committed.failure() != null) {
      ctx.log()
          .warn(
              "could not store messages from {}: {}; closing so that it sends them again",
              peer,
              committed.failure());
      done = true;
      channel.close();
      return;
    }
    if (committed.ack() >= 0 && channel.isActive()) {
      channel.writeAndFlush(new Frame.Ack(committed.ack()), channel.voidPromise());
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
    if (!ctx.quota().over(peer)) {
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
                        if (!done) {
                          updateAutoRead();
                        }
                      }));
    }
    return true;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext c) {
    if (!done) {
      updateAutoRead();
    }
    c.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext c, Object event) {
    if (event instanceof IdleStateEvent && !done && batches.idle()) {
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
        + (done ? "done " : "")
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

  /** Finishes committing what it has, ACKs it, says BYE; on the channel's event loop. */
  void closeGracefully() {
    closing = true;
    if (done) {
      channel.close();
      return;
    }
    dispatch();
    channel.config().setAutoRead(false);
    maybeFinishClose();
  }

  private void maybeFinishClose() {
    if (closing && batches.outstanding() == 0 && !done) {
      sayByeAndClose("closing");
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext c) {
    done = true;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
    if (cause instanceof ProtocolException) {
      refuse(cause.getMessage());
    } else {
      done = true;
      closeBroken(ctx, c, peer, cause);
    }
  }

  /**
   * Closes an inbound connection after an error that is not the peer's breach of the protocol: a
   * broken socket (debug), anything else (one WARN line). Before the handshake ends, either side of
   * it ({@code peer} null while the HELLO has not been read).
   */
  static void closeBroken(Context ctx, ChannelHandlerContext c, String peer, Throwable cause) {
    Object remote = c.channel().remoteAddress();
    if (cause instanceof IOException) {
      ctx.log().debug("connection from {} ({}) broke: {}", remote, peer, Causes.describe(cause));
    } else {
      ctx.log()
          .warn(
              "closing the connection from {} ({}) after an unexpected error: {}",
              remote,
              peer,
              String.valueOf(cause));
    }
    c.close();
  }

  /** Logs one WARN line, tells the peer why, closes. */
  private void refuse(String reason) {
    if (done) {
      return;
    }
    ctx.log().warn("closing the connection from {} ({}): {}", remote, peer, reason);
    sayByeAndClose(reason);
  }

  private void sayByeAndClose(String reason) {
    done = true;
    // Not waiting for the write: a peer that does not read must not keep the socket open.
    channel.writeAndFlush(new Frame.Bye(reason));
    channel.close();
  }

  private void onLoop(Runnable task) {
    try {
      channel.eventLoop().execute(task);
    } catch (RejectedExecutionException e) {
      channel.close(); // the event loop group is shutting down
    }
  }

  private static String kind(Frame frame) {
    return frame.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
  }
}

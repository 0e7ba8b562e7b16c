package p2pchat.agent.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import p2pchat.agent.common.Causes;
import p2pchat.agent.wire.Frame;
import p2pchat.agent.wire.FrameDecoder;
import p2pchat.agent.wire.FrameEncoder;
import p2pchat.agent.wire.ProtocolException;

/**
 * The client half of one outbound connection once {@link ClientHandshake} has proven the server and
 * sealed the link: waits for ACK(0) ("accepted"), then hands ACKs and the channel's news to the
 * {@link LinkConnection} its {@link Link} made for it (before that, to the link's attempt).
 * Everything from connect to ACK(0) must finish within {@code handshakeTimeout}. One per channel,
 * used only on that channel's event loop.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
  private static final WriteBufferWaterMark WATER_MARK =
      new WriteBufferWaterMark(64 * 1024, 256 * 1024);

  private enum Phase {
    HANDSHAKE,
    AWAIT_ACCEPT,
    ACCEPTED
  }

  private final Link link;
  private final Link.Attempt attempt;
  private final DialTarget endpoint;
  private final Context ctx;
  private Phase phase = Phase.HANDSHAKE;
  private LinkConnection connection; // once accepted
  private ScheduledFuture<?> timeout;

  /** Opens a connection for {@code link} on its event loop; the handler takes it from there. */
  static ChannelFuture connect(
      Link link, Link.Attempt attempt, DialTarget to, Context ctx, EventLoop loop) {
    TransportConfig config = ctx.config();
    return new Bootstrap()
        .group(loop)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.handshakeTimeout().toMillis())
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline()
                    .addLast(
                        new ClientHandshake(link, to, ctx),
                        new FrameDecoder(config.maxFrameBytes()),
                        new FrameEncoder(config.maxFrameBytes()),
                        new IdleStateHandler(
                            config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                        new ClientHandler(link, attempt, to, ctx));
              }
            })
        .connect(to.host(), to.port());
  }

  private ClientHandler(Link link, Link.Attempt attempt, DialTarget endpoint, Context ctx) {
    this.link = link;
    this.attempt = attempt;
    this.endpoint = endpoint;
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext c) {
    long millis = ctx.config().handshakeTimeout().toMillis();
    timeout =
        c.executor()
            .schedule(
                () -> {
                  ctx.log()
                      .warn(
                          "{} at {}:{} did not complete the handshake within {} ms; closing",
                          endpoint.name(),
                          endpoint.host(),
                          endpoint.port(),
                          millis);
                  c.close();
                },
                millis,
                TimeUnit.MILLISECONDS);
    c.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext c, Object msg) {
    if (!c.channel().isActive()) {
      return; // frames decoded from the same read after we decided to close
    }
    Frame frame = (Frame) msg;
    if (frame instanceof Frame.Bye bye) {
      if (phase == Phase.ACCEPTED) {
        ctx.log().debug("{} closed the link: {}", endpoint.name(), bye.reason());
      } else {
        complain("{} at {}:{} refused the handshake: {}", bye.reason());
      }
      c.close();
      return;
    }
    switch (phase) {
      case HANDSHAKE -> throw unexpected(frame, "nothing before the handshake ends");
      case AWAIT_ACCEPT -> {
        if (!(frame instanceof Frame.Ack ack)) {
          throw unexpected(frame, "ACK");
        }
        phase = Phase.ACCEPTED;
        timeout.cancel(false);
        connection = link.accepted(attempt, c.channel());
        if (connection == null) {
          c.close(); // the link no longer wants this attempt (closing, or a newer one runs)
          return;
        }
        connection.onAck(ack.seq());
      }
      case ACCEPTED -> {
        if (!(frame instanceof Frame.Ack ack)) {
          throw unexpected(frame, "ACK");
        }
        if (connection != null) {
          connection.onAck(ack.seq());
        }
      }
    }
  }

  /**
   * One WARN per distinct reason while the link keeps failing, then debug; a retry loop must not
   * flood the log.
   */
  private void complain(String format, String reason) {
    if (link.handshakeFailed(reason)) {
      ctx.log().warn(format, endpoint.name(), endpoint.host(), endpoint.port(), reason);
    } else {
      ctx.log().debug(format, endpoint.name(), endpoint.host(), endpoint.port(), reason);
    }
  }

  private static ProtocolException unexpected(Frame frame, String expected) {
    return new ProtocolException(
        "expected "
            + expected
            + ", got "
            + frame.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT));
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext c, Object event) {
    if (event instanceof Handshaken && phase == Phase.HANDSHAKE) {
      phase = Phase.AWAIT_ACCEPT;
    } else if (event instanceof IdleStateEvent && connection != null) {
      connection.onReaderIdle();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext c) {
    if (connection != null) {
      connection.onWritable();
    }
    c.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext c) {
    if (timeout != null) {
      timeout.cancel(false);
    }
    if (connection != null) {
      connection.closed();
    } else {
      link.attemptEnded(attempt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
    if (cause instanceof ProtocolException) {
      ctx.log().warn("closing the link to {}: {}", endpoint.name(), cause.getMessage());
      c.writeAndFlush(new Frame.Bye(cause.getMessage()));
    } else if (cause instanceof IOException) {
      ctx.log().debug("link to {} broke: {}", endpoint.name(), Causes.describe(cause));
    } else {
      ctx.log()
          .warn(
              "closing the link to {} after an unexpected error: {}",
              endpoint.name(),
              String.valueOf(cause));
    }
    c.close();
  }
}

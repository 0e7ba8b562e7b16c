package p2pchat.agent.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import p2pchat.agent.common.Causes;
import p2pchat.agent.wire.Frame;
import p2pchat.agent.wire.ProtocolException;

/**
 * One outbound connection's stream, put in the pipeline by {@link ClientHandshake} once the server
 * has accepted it (ACK 0), so it only ever sees a proven, accepted connection: hands ACKs and the
 * channel's news (reader idle, writable, closed) to the {@link LinkConnection} its {@link Link}
 * made for it. One per channel, used only on that channel's event loop.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
  private final LinkConnection connection;
  private final String peer;
  private final Context ctx;

  ClientHandler(LinkConnection connection, String peer, Context ctx) {
    this.connection = connection;
    this.peer = peer;
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext c, Object msg) {
    if (!c.channel().isActive()) {
      return; // frames decoded from the same read after we decided to close
    }
    Frame frame = (Frame) msg;
    if (frame instanceof Frame.Bye bye) {
      ctx.log().debug("{} closed the link: {}", peer, bye.reason());
      c.close();
    } else if (frame instanceof Frame.Ack ack) {
      connection.onAck(ack.seq());
    } else {
      throw unexpected(frame, "ACK");
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext c, Object event) {
    if (event instanceof IdleStateEvent) {
      connection.onReaderIdle();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext c) {
    connection.onWritable();
    c.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext c) {
    connection.closed();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
    close(ctx, peer, c, cause);
  }

  /**
   * Closes an outbound connection after {@code cause}: a breach of the protocol (one WARN line and
   * a BYE saying why), a broken socket (debug), anything else (one WARN line). Also the
   * handshake's, once it has the frame codec.
   */
  static void close(Context ctx, String peer, ChannelHandlerContext c, Throwable cause) {
    if (cause instanceof ProtocolException) {
      ctx.log().warn("closing the link to {}: {}", peer, cause.getMessage());
      c.channel().writeAndFlush(new Frame.Bye(cause.getMessage()));
    } else if (cause instanceof IOException) {
      ctx.log().debug("link to {} broke: {}", peer, Causes.describe(cause));
    } else {
      ctx.log()
          .warn(
              "closing the link to {} after an unexpected error: {}", peer, String.valueOf(cause));
    }
    c.close();
  }

  static ProtocolException unexpected(Frame frame, String expected) {
    return new ProtocolException(
        "expected "
            + expected
            + ", got "
            + frame.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT));
  }
}

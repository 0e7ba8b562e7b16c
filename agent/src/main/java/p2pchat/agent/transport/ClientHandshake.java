package p2pchat.agent.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import p2pchat.agent.identity.Keys;
import p2pchat.agent.wire.Frame;
import p2pchat.agent.wire.FrameCodec;
import p2pchat.agent.wire.NoiseHandshake;
import p2pchat.agent.wire.ProtocolException;
import p2pchat.agent.wire.RecordCipher;

/**
 * The client's side of the handshake (docs/protocol.md), alone in an outbound connection's pipeline
 * until it is over: sends HELLO and Noise XX's first message, checks that the server's static key
 * is bound to the key the registry holds for the peer's name, sends the third message, then puts
 * the record layer and the frame codec in its own place ({@link StreamSwitch}) with its last step
 * behind them, {@link AwaitAccept}, which waits for the server's sealed ACK(0). Only on that ACK
 * does the link make a {@link LinkConnection} and the channel get its {@link ClientHandler}; a link
 * that no longer wants this attempt (closing, or a newer attempt runs) has the channel closed
 * instead. A server that answers in the plaintext protocol 1, or refuses with a plaintext BYE, is
 * reported in one line naming both versions or its reason. Everything from connect to ACK(0) must
 * finish within {@code handshakeTimeout}; until then the channel's close ends the link's {@link
 * Link.Attempt}.
 *
 * <p>One per channel, used only on that channel's event loop.
 */
final class ClientHandshake extends ByteToMessageDecoder {
  /**
   * Room for a whole window of room copies (about 370 bytes each, so 1,024 of them are 380 KB)
   * before the link stops reading rows: at 256 KB the channel turned unwritable first and the room
   * links ran with part of their window. The window still bounds what a link holds.
   */
  private static final WriteBufferWaterMark WATER_MARK =
      new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

  private final Link link;
  private final Link.Attempt attempt;
  private final DialTarget endpoint;
  private final Context ctx;
  private final DialGate.Ticket ticket; // this handshake's place among the runtime's
  private NoiseHandshake noise;
  private ScheduledFuture<?> deadline;
  private boolean done;

  /**
   * Dials {@code to} for {@code link}'s attempt once it is its turn among the runtime's handshakes
   * ({@link DialGate}), on the link's event loop; the handshake takes it from there. The turn is
   * given back when the handshake ends, when connecting fails, or at the latest a second after the
   * handshake timeout.
   */
  static void dialInTurn(
      Link link, Link.Attempt attempt, DialTarget to, Context ctx, EventLoop loop) {
    ctx.dials()
        .enter(
            ticket -> {
              try {
                loop.execute(() -> dial(link, attempt, to, ctx, loop, ticket));
              } catch (RejectedExecutionException e) {
                ticket.release(); // the event loops are shutting down
              }
            });
  }

  private static void dial(
      Link link,
      Link.Attempt attempt,
      DialTarget to,
      Context ctx,
      EventLoop loop,
      DialGate.Ticket ticket) {
    if (!link.wantsDial(attempt)) {
      ticket.release();
      return;
    }
    loop.schedule(
        ticket::release, ctx.config().handshakeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    ChannelFuture connected =
        new Bootstrap()
            .group(loop)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) ctx.config().handshakeTimeout().toMillis())
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
            .handler(new ClientHandshake(link, attempt, to, ctx, ticket))
            .connect(to.host(), to.port());
    link.connecting(connected.channel());
    connected.addListener(
        f -> {
          if (!f.isSuccess()) {
            ticket.release();
            link.connectFailed(attempt, to, f.cause());
          }
        });
  }

  private ClientHandshake(
      Link link, Link.Attempt attempt, DialTarget endpoint, Context ctx, DialGate.Ticket ticket) {
    this.ticket = ticket;
    this.link = link;
    this.attempt = attempt;
    this.endpoint = endpoint;
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext c) throws Exception {
    Frame.Hello hello =
        new Frame.Hello(
            NoiseHandshake.VERSION,
            ctx.self(),
            endpoint.name(),
            NoiseHandshake.newNonce(ctx.random()));
    noise = NoiseHandshake.initiator(ctx.staticKey(), hello);
    ByteBuf out = c.alloc().buffer();
    FrameCodec.writeFrame(hello, out);
    byte[] first = noise.write();
    out.writeShort(first.length).writeBytes(first);
    c.writeAndFlush(out);
    Channel channel = c.channel();
    long millis = ctx.config().handshakeTimeout().toMillis();
    deadline =
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
                  channel.close();
                },
                millis,
                TimeUnit.MILLISECONDS);
    super.channelActive(c);
  }

  @Override
  public void channelInactive(ChannelHandlerContext c) throws Exception {
    super.channelInactive(c);
    ended();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
    if (cause instanceof ProtocolException) {
      refuse(c, cause.getMessage());
    } else {
      done = true;
      ClientHandler.close(ctx, endpoint.name(), c, cause);
    }
  }

  @Override
  protected void decode(ChannelHandlerContext c, ByteBuf in, List<Object> out) {
    if (done || in.readableBytes() < 2) {
      return;
    }
    try {
      int length = in.getUnsignedShort(in.readerIndex());
      if (length == 0) {
        plaintextAnswer(c, in); // a 4-byte frame length: the server answers in plaintext
        return;
      }
      if (length > NoiseHandshake.MAX_MESSAGE) {
        throw new ProtocolException("it sent a handshake message of " + length + " bytes");
      }
      if (in.readableBytes() < 2 + length) {
        return;
      }
      in.skipBytes(2);
      byte[] message = new byte[length];
      in.readBytes(message);
      byte[] payload = noise.read(message);
      if (!noise.remoteIsBoundTo(
          payload, (data, sig) -> Keys.verify(endpoint.publicKey(), data, sig))) {
        refuse(c, "its signature does not match the registry's key for " + endpoint.name());
        return;
      }
      ServerHandshake.writeMessage(c, noise.write());
      RecordCipher cipher = noise.split().withRecordLimit(ctx.config().recordLimit());
      done = true;
      StreamSwitch.replace(c, cipher, ctx.config(), new AwaitAccept());
    } catch (ProtocolException e) {
      refuse(c, e.getMessage());
    }
  }

  /** The server answered with a plaintext frame: a refusal (BYE), or protocol 1's WELCOME. */
  private void plaintextAnswer(ChannelHandlerContext c, ByteBuf in) {
    if (in.readableBytes() < 4) {
      return;
    }
    int length = in.getInt(in.readerIndex());
    if (length < 1 || length > 4096) {
      refuse(c, "it answered with a frame of " + length + " bytes, not a handshake");
      return;
    }
    if (in.readableBytes() < 4 + length) {
      return;
    }
    done = true;
    in.skipBytes(4);
    byte kind = in.getByte(in.readerIndex());
    if (kind == FrameCodec.BYE) {
      Frame frame = FrameCodec.decode(in.readSlice(length));
      complain("{} at {}:{} refused the handshake: {}", ((Frame.Bye) frame).reason());
      c.close();
    } else if (kind == FrameCodec.LEGACY_WELCOME) {
      in.skipBytes(length);
      refuse(
          c,
          "it speaks p2pchat protocol 1 (plaintext), this agent speaks protocol "
              + NoiseHandshake.VERSION
              + " (encrypted links); upgrade it");
    } else {
      in.skipBytes(length);
      refuse(c, "it answered with frame kind " + kind + ", not a handshake");
    }
  }

  /** One WARN line (per distinct reason while the link keeps failing), a plaintext BYE, close. */
  private void refuse(ChannelHandlerContext c, String reason) {
    done = true;
    complain("refusing {} at {}:{}: {}", reason);
    ByteBuf bye = c.alloc().buffer();
    FrameCodec.writeFrame(new Frame.Bye("refused: " + reason), bye);
    c.writeAndFlush(bye);
    c.close();
  }

  private void complain(String format, String reason) {
    if (link.handshakeFailed(reason)) {
      ctx.log().warn(format, endpoint.name(), endpoint.host(), endpoint.port(), reason);
    } else {
      ctx.log().debug(format, endpoint.name(), endpoint.host(), endpoint.port(), reason);
    }
  }

  /** The handshake is over without an accepted connection: the attempt ends. */
  private void ended() {
    ticket.release();
    deadline.cancel(false);
    link.attemptEnded(attempt);
  }

  /**
   * The handshake's last step, behind the record layer: the server's sealed ACK(0) makes the
   * connection the link's. Used only on the channel's event loop.
   */
  private final class AwaitAccept extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
      if (!c.channel().isActive()) {
        return; // frames decoded from the same read after we decided to close
      }
      Frame frame = (Frame) msg;
      if (frame instanceof Frame.Bye bye) {
        complain("{} at {}:{} refused the handshake: {}", bye.reason());
        c.close();
        return;
      }
      if (!(frame instanceof Frame.Ack ack)) {
        throw ClientHandler.unexpected(frame, "ACK");
      }
      deadline.cancel(false);
      ticket.release();
      LinkConnection connection = link.accepted(attempt, c.channel());
      if (connection == null) {
        c.close(); // the link no longer wants this attempt (closing, or a newer one runs)
        return;
      }
      c.pipeline().addBefore(c.name(), "idle", StreamSwitch.idleClock(ctx.config()));
      c.pipeline().replace(this, "stream", new ClientHandler(connection, endpoint.name(), ctx));
      connection.onAck(ack.seq());
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
      ended();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
      ClientHandler.close(ctx, endpoint.name(), c, cause);
    }
  }
}

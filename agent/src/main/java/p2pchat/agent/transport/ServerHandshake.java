package p2pchat.agent.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import p2pchat.agent.common.Causes;
import p2pchat.agent.identity.Keys;
import p2pchat.agent.wire.Frame;
import p2pchat.agent.wire.FrameCodec;
import p2pchat.agent.wire.NoiseHandshake;
import p2pchat.agent.wire.ProtocolException;
import p2pchat.agent.wire.RecordCipher;

/**
 * The server's side of the handshake (docs/protocol.md), alone in an inbound connection's pipeline
 * until it is over: admits the connection (or closes it at once, past {@code
 * maxInboundConnections}), reads the plaintext HELLO (refusing another protocol version, or a HELLO
 * for another name, with a plaintext BYE that names both), then runs Noise XX as responder while
 * the registry is asked for the client's key; once the client's static key proves to be bound to
 * that key, it makes this the peer's one inbound connection and puts the record layer, the frame
 * codec and a {@link ServerHandler} for the proven peer in its own place ({@link StreamSwitch}). A
 * failure is one WARN line and a close; so is not finishing within {@code handshakeTimeout}.
 *
 * <p>One per channel, used only on that channel's event loop.
 */
final class ServerHandshake extends ByteToMessageDecoder {
  /** Largest HELLO: kind, version, two names of 64, a nonce, lengths. */
  private static final int MAX_HELLO = 1 + 2 + 2 * 65 + 32;

  private enum Stage {
    HELLO,
    FIRST,
    THIRD,
    VERIFYING,
    DONE
  }

  private final Context ctx;
  private final InboundConnections connections;
  private Stage stage = Stage.HELLO;
  private ScheduledFuture<?> deadline;
  private String peer;
  private NoiseHandshake noise;
  private CompletableFuture<Optional<DialTarget>> peerKey;

  ServerHandshake(Context ctx, InboundConnections connections) {
    this.ctx = ctx;
    this.connections = connections;
  }

  @Override
  public void channelActive(ChannelHandlerContext c) throws Exception {
    if (!connections.admit(c.channel())) {
      stage = Stage.DONE;
      c.close();
      return;
    }
    long millis = ctx.config().handshakeTimeout().toMillis();
    deadline =
        c.executor()
            .schedule(
                () -> refuse(c, "no handshake within " + millis + " ms"),
                millis,
                TimeUnit.MILLISECONDS);
    super.channelActive(c);
  }

  @Override
  public void channelInactive(ChannelHandlerContext c) throws Exception {
    stage = Stage.DONE;
    cancelDeadline();
    super.channelInactive(c);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
    if (cause instanceof ProtocolException) {
      refuse(c, cause.getMessage());
    } else {
      stage = Stage.DONE;
      ServerHandler.closeBroken(ctx, c, peer, cause);
    }
  }

  @Override
  protected void decode(ChannelHandlerContext c, ByteBuf in, List<Object> out) {
    try {
      step(c, in);
    } catch (ProtocolException e) {
      refuse(c, e.getMessage());
    }
  }

  private void step(ChannelHandlerContext c, ByteBuf in) {
    while (true) {
      switch (stage) {
        case HELLO -> {
          if (in.readableBytes() < 4) {
            return;
          }
          int length = in.getInt(in.readerIndex());
          if (length < 1 || length > MAX_HELLO) {
            throw new ProtocolException("not a p2pchat HELLO (a frame of " + length + " bytes)");
          }
          if (in.readableBytes() < 4 + length) {
            return;
          }
          in.skipBytes(4);
          Frame first = FrameCodec.decode(in.readSlice(length));
          if (!(first instanceof Frame.Hello hello)) {
            throw new ProtocolException(
                "expected HELLO, got "
                    + first.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT));
          }
          onHello(c, hello);
        }
        case FIRST -> {
          byte[] message = message(c, in);
          if (message == null) {
            return;
          }
          noise.read(message);
          writeMessage(c, noise.write());
          stage = Stage.THIRD;
        }
        case THIRD -> {
          byte[] message = message(c, in);
          if (message == null) {
            return;
          }
          byte[] payload = noise.read(message);
          stage = Stage.VERIFYING;
          c.channel().config().setAutoRead(false); // nothing more until the client is proven
          peerKey.whenComplete(
              (endpoint, error) -> onLoop(c.channel(), () -> verify(c, payload, endpoint, error)));
          return;
        }
        case VERIFYING, DONE -> {
          return; // the rest waits for the record layer (or the close)
        }
      }
    }
  }

  private void onHello(ChannelHandlerContext c, Frame.Hello hello) {
    if (hello.version() != NoiseHandshake.VERSION) {
      String why =
          hello.version() < NoiseHandshake.VERSION ? "; upgrade it" : "; upgrade this agent";
      throw new ProtocolException(
          "this agent speaks p2pchat protocol "
              + NoiseHandshake.VERSION
              + " (encrypted links), "
              + hello.from()
              + " speaks protocol "
              + hello.version()
              + why);
    }
    if (!hello.to().equals(ctx.self())) {
      throw new ProtocolException("this is " + ctx.self() + ", not " + hello.to());
    }
    peer = hello.from();
    try {
      peerKey = ctx.resolver().resolve(peer); // in parallel with the handshake's key agreement
    } catch (RuntimeException e) {
      peerKey = CompletableFuture.failedFuture(e);
    }
    noise = NoiseHandshake.responder(ctx.staticKey(), hello);
    stage = Stage.FIRST;
  }

  private void verify(
      ChannelHandlerContext c, byte[] payload, Optional<DialTarget> endpoint, Throwable error) {
    if (stage != Stage.VERIFYING || !c.channel().isActive()) {
      return;
    }
    stage = Stage.DONE;
    cancelDeadline();
    String refusal =
        error != null
            ? "could not look " + peer + " up: " + Causes.describe(error)
            : endpoint.isEmpty()
                ? peer + " is not known to the registry"
                : !noise.remoteIsBoundTo(
                        payload, (data, sig) -> Keys.verify(endpoint.get().publicKey(), data, sig))
                    ? peer + " did not prove possession of the key the registry holds for that name"
                    : null;
    RecordCipher cipher = noise.split().withRecordLimit(ctx.config().recordLimit());
    Channel channel = c.channel();
    if (refusal != null) {
      // Both sides have keys: the verdict itself goes out sealed.
      StreamSwitch.replace(c, cipher, ctx.config());
      ctx.log()
          .warn("closing the connection from {} ({}): {}", channel.remoteAddress(), peer, refusal);
      channel.writeAndFlush(new Frame.Bye(refusal));
      channel.close();
      return;
    }
    connections.authenticated(peer, channel);
    // The stream handler sets auto-read again: a sender already past its quota is not read from.
    StreamSwitch.replace(
        c,
        cipher,
        ctx.config(),
        StreamSwitch.idleClock(ctx.config()),
        new ServerHandler(ctx, peer));
  }

  /**
   * One length-prefixed handshake message, or null until all of it has arrived. A client that gives
   * up sends a plaintext BYE instead (its 4-byte length starts with two zero bytes).
   */
  private byte[] message(ChannelHandlerContext c, ByteBuf in) {
    if (in.readableBytes() < 2) {
      return null;
    }
    int length = in.getUnsignedShort(in.readerIndex());
    if (length == 0 && in.readableBytes() >= 4) {
      int frame = in.getInt(in.readerIndex());
      if (frame > 0
          && frame <= 4096
          && in.readableBytes() >= 4 + frame
          && in.getByte(in.readerIndex() + 4) == FrameCodec.BYE) {
        in.skipBytes(4);
        Frame.Bye bye = (Frame.Bye) FrameCodec.decode(in.readSlice(frame));
        stage = Stage.DONE;
        ctx.log()
            .warn(
                "{} at {} gave up the handshake: {}",
                peer,
                c.channel().remoteAddress(),
                bye.reason());
        c.close();
        return null;
      }
      if (frame > 0 && frame <= 4096 && in.readableBytes() < 4 + frame) {
        return null;
      }
    }
    if (length == 0 || length > NoiseHandshake.MAX_MESSAGE) {
      throw new ProtocolException("a handshake message of " + length + " bytes");
    }
    if (in.readableBytes() < 2 + length) {
      return null;
    }
    in.skipBytes(2);
    byte[] message = new byte[length];
    in.readBytes(message);
    return message;
  }

  static void writeMessage(ChannelHandlerContext c, byte[] message) {
    ByteBuf out = c.alloc().buffer(2 + message.length);
    out.writeShort(message.length).writeBytes(message);
    c.writeAndFlush(out);
  }

  /** A plaintext BYE naming the reason, one WARN line, close. */
  private void refuse(ChannelHandlerContext c, String reason) {
    if (stage == Stage.DONE) {
      return;
    }
    stage = Stage.DONE;
    cancelDeadline();
    ctx.log()
        .warn(
            "closing the connection from {}{}: {}",
            c.channel().remoteAddress(),
            peer == null ? "" : " (" + peer + ")",
            reason);
    ByteBuf bye = c.alloc().buffer();
    FrameCodec.writeFrame(new Frame.Bye(reason), bye);
    c.writeAndFlush(bye);
    c.close();
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
    }
  }

  private static void onLoop(Channel channel, Runnable task) {
    try {
      channel.eventLoop().execute(task);
    } catch (RejectedExecutionException e) {
      channel.close();
    }
  }
}

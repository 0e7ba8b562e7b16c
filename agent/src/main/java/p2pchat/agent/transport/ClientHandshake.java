package p2pchat.agent.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import p2pchat.agent.identity.Keys;
import p2pchat.agent.wire.Frame;
import p2pchat.agent.wire.FrameCodec;
import p2pchat.agent.wire.NoiseHandshake;
import p2pchat.agent.wire.ProtocolException;
import p2pchat.agent.wire.RecordCipher;
import p2pchat.agent.wire.RecordDecoder;
import p2pchat.agent.wire.RecordEncoder;

/**
 * The client's side of the handshake (docs/protocol.md), first in an outbound connection's
 * pipeline: sends HELLO and Noise XX's first message, checks that the server's static key is bound
 * to the key the registry holds for the peer's name, sends the third message, then puts the record
 * layer in its own place and fires {@link Handshaken}; the {@link ClientHandler} then waits for the
 * sealed ACK(0). A server that answers in the plaintext protocol 1, or refuses with a plaintext
 * BYE, is reported in one line naming both versions or its reason.
 *
 * <p>One per channel, used only on that channel's event loop.
 */
final class ClientHandshake extends ByteToMessageDecoder {
  private final Link link;
  private final DialTarget endpoint;
  private final Context ctx;
  private NoiseHandshake noise;
  private boolean done;

  ClientHandshake(Link link, DialTarget endpoint, Context ctx) {
    this.link = link;
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
    super.channelActive(c);
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
      if (ctx.config().sealed()) {
        c.pipeline().addAfter(c.name(), "record-encoder", new RecordEncoder(cipher));
        c.pipeline().addAfter(c.name(), "record-decoder", new RecordDecoder(cipher));
      }
      io.netty.channel.Channel channel = c.channel();
      c.pipeline().remove(this);
      channel.pipeline().fireUserEventTriggered(new Handshaken(endpoint.name()));
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
}

package p2pchat.agent.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Netty adapter: splits the byte stream into records and opens each with the connection's {@link
 * RecordCipher}; passes the plaintext on (to the {@link FrameDecoder}). After the first {@link
 * ProtocolException} every further byte is discarded: the connection is being closed. One per
 * channel, used only on that channel's event loop.
 */
public final class RecordDecoder extends ByteToMessageDecoder {
  private final RecordCipher cipher;
  private boolean failed;

  public RecordDecoder(RecordCipher cipher) {
    this.cipher = cipher;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    ByteBuf plain = null;
    while (in.readableBytes() >= 2) {
      int length = in.getUnsignedShort(in.readerIndex());
      if (in.readableBytes() < 2 + length) {
        break;
      }
      in.skipBytes(2);
      if (plain == null) {
        plain = ctx.alloc().heapBuffer(Math.min(in.readableBytes(), 1 << 20));
      }
      try {
        cipher.open(in, length, plain);
      } catch (ProtocolException e) {
        failed = true;
        in.skipBytes(in.readableBytes());
        plain.release();
        throw e;
      }
    }
    if (plain != null) {
      out.add(plain); // what one read brought, opened: one hand-off to the frame decoder
    }
  }
}

package p2pchat.agent.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Netty adapter: splits the byte stream into length-prefixed frames and decodes each with {@link
 * FrameCodec}. One per channel, used only on that channel's event loop.
 *
 * <p>A length above {@code maxFrameBytes} is refused as soon as its 4 bytes arrive, so a peer
 * cannot make us buffer more than one maximum-size frame. After the first {@link ProtocolException}
 * every further byte is discarded: the connection is being closed.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private final int maxFrameBytes;
  private boolean failed;

  public FrameDecoder(int maxFrameBytes) {
    if (maxFrameBytes < 64) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 64: " + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < 4) {
      return;
    }
    int length = in.getInt(in.readerIndex());
    if (length < 1 || length > maxFrameBytes) {
      fail(in);
      throw new ProtocolException(
          "frame length " + length + " is outside 1.." + maxFrameBytes + " bytes");
    }
    if (in.readableBytes() < 4 + length) {
      return;
    }
    in.skipBytes(4);
    ByteBuf payload = in.readSlice(length);
    try {
      out.add(FrameCodec.decode(payload));
    } catch (ProtocolException e) {
      fail(in);
      throw e;
    }
  }

  private void fail(ByteBuf in) {
    failed = true;
    in.skipBytes(in.readableBytes());
  }
}

package p2pchat.agent.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Netty adapter: writes a {@link Frame} as a length-prefixed frame. ByteBufs already holding
 * encoded frames (a sender's batch) pass through untouched. Stateless; shareable.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {
  private final int maxFrameBytes;

  public FrameEncoder(int maxFrameBytes) {
    super(Frame.class);
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
    int length = FrameCodec.writeFrame(frame, out);
    if (length > maxFrameBytes) {
      throw new IllegalArgumentException(
          "a "
              + frame.getClass().getSimpleName()
              + " frame of "
              + length
              + " bytes exceeds the "
              + maxFrameBytes
              + "-byte limit");
    }
  }
}

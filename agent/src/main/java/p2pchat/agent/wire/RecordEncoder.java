package p2pchat.agent.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CoalescingBufferQueue;

/**
 * Netty adapter: gathers the bytes written (encoded frames) until a flush, then seals them into as
 * few records as fit ({@link RecordCipher#MAX_PLAINTEXT} bytes each) and writes those: a batch of
 * small frames costs one seal, not one per frame. Each write's promise completes when the record
 * holding its last byte is written. One per channel, used only on its event loop.
 */
public final class RecordEncoder extends ChannelOutboundHandlerAdapter {
  private final RecordCipher cipher;
  private CoalescingBufferQueue pending;

  public RecordEncoder(RecordCipher cipher) {
    this.cipher = cipher;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    pending = new CoalescingBufferQueue(ctx.channel());
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf buf)) {
      ctx.write(msg, promise);
      return;
    }
    pending.add(buf, promise);
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    while (!pending.isEmpty()) {
      ChannelPromise written = ctx.newPromise();
      ByteBuf chunk = pending.remove(RecordCipher.MAX_PLAINTEXT, written);
      ByteBuf record = ctx.alloc().heapBuffer(2 + chunk.readableBytes() + RecordCipher.TAG);
      try {
        cipher.seal(chunk, chunk.readableBytes(), record);
      } catch (RuntimeException e) {
        record.release();
        written.setFailure(e);
        pending.releaseAndFailAll(e);
        ctx.fireExceptionCaught(e);
        return;
      } finally {
        chunk.release();
      }
      ctx.write(record, written);
    }
    ctx.flush();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    if (pending != null) {
      pending.releaseAndFailAll(new java.nio.channels.ClosedChannelException());
    }
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    flush(ctx); // a BYE written just before close still goes out, sealed
    ctx.close(promise);
  }
}

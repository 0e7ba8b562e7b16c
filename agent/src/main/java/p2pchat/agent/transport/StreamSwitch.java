package p2pchat.agent.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import p2pchat.agent.wire.FrameDecoder;
import p2pchat.agent.wire.FrameEncoder;
import p2pchat.agent.wire.RecordCipher;
import p2pchat.agent.wire.RecordDecoder;
import p2pchat.agent.wire.RecordEncoder;

/**
 * How a handshake handler hands its channel on once it holds the keys (docs/protocol.md, "Split"),
 * the way Netty's port-unification example switches protocols: the record layer and the frame codec
 * go where the handshake handler stands, the next handlers after them, and only then does the
 * handshake handler leave, so the bytes the peer sent after its last handshake message reach the
 * record decoder and a handler that is ready for them. Stateless; called on the channel's event
 * loop.
 */
final class StreamSwitch {
  private StreamSwitch() {}

  /**
   * Replaces {@code handshake}'s handler with the record layer (unless the config turns sealing
   * off), the frame codec and {@code next}, in that order.
   */
  static void replace(
      ChannelHandlerContext handshake,
      RecordCipher cipher,
      TransportConfig config,
      ChannelHandler... next) {
    ChannelPipeline pipeline = handshake.pipeline();
    String at = handshake.name();
    if (config.sealed()) {
      at = addAfter(pipeline, at, "record-decoder", new RecordDecoder(cipher));
      at = addAfter(pipeline, at, "record-encoder", new RecordEncoder(cipher));
    }
    at = addAfter(pipeline, at, "frame-decoder", new FrameDecoder(config.maxFrameBytes()));
    at = addAfter(pipeline, at, "frame-encoder", new FrameEncoder(config.maxFrameBytes()));
    for (ChannelHandler handler : next) {
      at = addAfter(pipeline, at, null, handler);
    }
    pipeline.remove(handshake.handler());
  }

  /** The stream's reader-idle clock: it starts with the stream, not with the connection. */
  static IdleStateHandler idleClock(TransportConfig config) {
    return new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS);
  }

  private static String addAfter(
      ChannelPipeline pipeline, String after, String name, ChannelHandler handler) {
    pipeline.addAfter(after, name, handler);
    return pipeline.context(handler).name();
  }
}

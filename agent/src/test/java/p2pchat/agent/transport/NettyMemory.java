package p2pchat.agent.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;

/** Test fixture: what Netty's default allocator holds now, heap and direct. Stateless. */
final class NettyMemory {
  private NettyMemory() {}

  static long used() {
    if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
      return provider.metric().usedDirectMemory() + provider.metric().usedHeapMemory();
    }
    throw new IllegalStateException(
        "Netty's default allocator reports no metrics: " + ByteBufAllocator.DEFAULT);
  }
}

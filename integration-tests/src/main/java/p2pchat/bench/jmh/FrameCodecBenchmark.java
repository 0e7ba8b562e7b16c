package p2pchat.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import p2pchat.agent.wire.Frame;
import p2pchat.agent.wire.FrameCodec;

/**
 * JMH: encoding and decoding one MSG frame of a 100-byte message (the benchmark's message size),
 * into and out of a reused heap buffer, as the transport's codec does per message. JMH state, one
 * instance per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameCodecBenchmark {
  private final Frame.Msg msg =
      new Frame.Msg(
          "0190b7e4-5a3c-7d1e-8f00-000000000042",
          42,
          1_700_000_000_000L,
          null,
          false,
          "m".repeat(100),
          null);
  private ByteBuf out;
  private ByteBuf encoded;

  @Setup
  public void setUp() {
    out = Unpooled.buffer(512);
    encoded = Unpooled.buffer(512);
    FrameCodec.encode(msg, encoded);
  }

  @Benchmark
  public int encodeMsg() {
    out.clear();
    return FrameCodec.writeFrame(msg, out);
  }

  @Benchmark
  public Frame decodeMsg() {
    encoded.readerIndex(0);
    return FrameCodec.decode(encoded);
  }
}

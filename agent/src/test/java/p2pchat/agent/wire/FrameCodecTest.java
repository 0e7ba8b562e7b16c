package p2pchat.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

  private static Frame decode(byte[] payload) {
    return FrameCodec.decode(Unpooled.wrappedBuffer(payload));
  }

  @Test
  void everyKindOfFrameSurvivesARoundTrip() {
    for (Frame frame : Samples.frames()) {
      assertThat(decode(Samples.payload(frame))).usingRecursiveComparison().isEqualTo(frame);
    }
  }

  @Test
  void aFramedStreamSplitAtEveryByteDecodesToTheSameFrames() {
    List<Frame> frames = Samples.frames();
    ByteBuf stream = Unpooled.buffer();
    frames.forEach(f -> FrameCodec.writeFrame(f, stream));
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(4096));
    while (stream.isReadable()) {
      channel.writeInbound(stream.readRetainedSlice(1));
    }
    List<Object> decoded = new ArrayList<>();
    Object o;
    while ((o = channel.readInbound()) != null) {
      decoded.add(o);
    }
    assertThat(decoded)
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(frames);
  }

  @Test
  void theEncoderWritesWhatTheDecoderReads() {
    EmbeddedChannel out = new EmbeddedChannel(new FrameEncoder(4096));
    EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(4096));
    Frame frame = Samples.frames().get(4);
    out.writeOutbound(frame);
    in.writeInbound((ByteBuf) out.readOutbound());
    Object decoded = in.readInbound();
    assertThat(decoded).usingRecursiveComparison().isEqualTo(frame);
  }

  @Test
  void anOversizedLengthIsRefusedAsSoonAsItArrivesAndTheRestIsIgnored() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024));
    assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 4, 1})))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessage("frame length 1025 is outside 1..1024 bytes");
    channel.writeInbound(Unpooled.wrappedBuffer(Samples.framed(new Frame.Ack(1))));
    Object ignored = channel.readInbound();
    assertThat(ignored).isNull();
  }

  @Test
  void malformedPayloadsAreProtocolExceptionsNamingTheProblem() {
    byte[] msg = Samples.payload(Samples.frames().get(1));
    assertRefused(new byte[] {}, "frame ends before its kind");
    assertRefused(new byte[] {9}, "unknown frame kind 9");
    assertRefused(
        concat(Samples.payload(new Frame.Ack(3)), new byte[] {0}),
        "1 bytes left over after a complete ACK frame");
    assertRefused(Arrays.copyOf(msg, msg.length - 1), "frame ends before its text");
    assertRefused(
        new byte[] {FrameCodec.ACK, -1, -1, -1, -1, -1, -1, -1, -1},
        "ACK seq must not be negative: -1");
    assertRefused(new byte[] {FrameCodec.MSG, 16}, "unknown MSG flags 16");
    assertRefused(new byte[] {FrameCodec.HELLO, 0, 2}, "frame ends before its from length");
    assertRefused(new byte[] {FrameCodec.LEGACY_WELCOME, 0, 1}, "unknown frame kind 2");
    assertRefused(
        new byte[] {FrameCodec.BYE, 0, 2, (byte) 0xC3, (byte) 0x28},
        "bye reason is not valid UTF-8");
    byte[] hello = Samples.payload(Samples.frames().get(0));
    hello[4] = ' '; // "Sam" -> "S m"
    assertRefused(hello, "from is not a valid peer name (allowed: A-Z a-z 0-9 _ . -)");
  }

  @Test
  void peerNamesFollowTheRegistryRule() {
    assertThat(FrameCodec.validName("Sam_1.b-2")).isTrue();
    assertThat(FrameCodec.validName("a".repeat(64))).isTrue();
    assertThat(FrameCodec.validName("a".repeat(65))).isFalse();
    assertThat(FrameCodec.validName("")).isFalse();
    assertThat(FrameCodec.validName("Sam Smith")).isFalse();
    assertThat(FrameCodec.validName("Zoë")).isFalse();
  }

  private static void assertRefused(byte[] payload, String message) {
    assertThatThrownBy(() -> decode(payload))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessage(message);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}

package p2pchat.agent.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import p2pchat.agent.rooms.RoomHeader;

/** Test fixture: one valid frame of every kind and shape, and their encodings. Immutable. */
public final class Samples {
  private Samples() {}

  public static List<Frame> frames() {
    byte[] nonce = new byte[NoiseHandshake.NONCE_BYTES];
    for (int i = 0; i < nonce.length; i++) {
      nonce[i] = (byte) (i * 7);
    }
    return List.of(
        new Frame.Hello(NoiseHandshake.VERSION, "Sam", "Carol", nonce),
        new Frame.Msg(
            "0190f3a2-7c1e-7d2a-9b1f-2f0c9d6e1a11",
            1,
            1_720_000_000_000L,
            null,
            false,
            "hello",
            null),
        new Frame.Msg(
            "id-2",
            2,
            1_720_000_000_001L,
            1_720_000_060_000L,
            true,
            "héllo wörld ✓ 😀",
            "{\"k\":[1,2]}"),
        new Frame.Msg("x", Long.MAX_VALUE, -1, null, false, "", "{}"),
        new Frame.Msg(
            "room-1",
            3,
            1_720_000_000_002L,
            null,
            false,
            "stand-up in five",
            null,
            new RoomHeader(
                RoomHeader.MESSAGE,
                "ops",
                "Sam",
                7,
                2,
                6,
                new java.util.LinkedHashMap<>(java.util.Map.of("Eve", 0L)),
                new byte[64])),
        new Frame.Msg(
            "room-2",
            4,
            1_720_000_000_003L,
            null,
            false,
            "{\"members\":[\"Sam\",\"Carol\"]}",
            null,
            new RoomHeader(
                RoomHeader.MEMBERSHIP, "ops", "Sam", 0, 3, 0, java.util.Map.of(), new byte[0])),
        new Frame.Ack(0),
        new Frame.Ack(12345),
        new Frame.Bye("closing"),
        new Frame.Bye(""));
  }

  static byte[] payload(Frame frame) {
    ByteBuf buf = Unpooled.buffer();
    FrameCodec.encode(frame, buf);
    return ByteBufUtil.getBytes(buf);
  }

  public static byte[] framed(Frame frame) {
    ByteBuf buf = Unpooled.buffer();
    FrameCodec.writeFrame(frame, buf);
    return ByteBufUtil.getBytes(buf);
  }
}

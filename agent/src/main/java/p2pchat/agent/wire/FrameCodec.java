package p2pchat.agent.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import p2pchat.agent.common.PeerNames;
import p2pchat.agent.rooms.RoomHeader;

/**
 * Pure encode/decode of frame payloads, and of whole length-prefixed frames. Stateless and
 * thread-safe; the Netty adapters ({@link FrameDecoder}, {@link FrameEncoder}) only add framing
 * state, so this class is what the fuzz tests drive.
 *
 * <p>A frame on the wire is a 4-byte big-endian payload length, then the payload: one kind byte and
 * the kind's fields, big-endian. {@code str8} is a 1-byte length then UTF-8, {@code str16} and
 * {@code str32} likewise with 2- and 4-byte lengths, {@code bytes8} a 1-byte length then raw bytes.
 *
 * <pre>
 * HELLO   1 | u16 version | str8 from | str8 to | nonce[32]
 *         (kinds 2 and 3 were protocol 1's plaintext WELCOME and PROOF)
 * MSG     4 | u8 flags (1 offline, 2 expiresAt, 4 data, 8 room) | str8 id | i64 seq | i64 sentAt
 *           | [i64 expiresAt] | str32 text | [str32 data] | [room header]
 * room header: u8 type (0 message, 1 membership) | str8 room | str8 author | i64 authorSeq
 *           | i64 version | i64 prev | u16 n | n x (str8 member | i64 prev) | bytes8 signature
 * ACK     5 | i64 seq
 * BYE     6 | str16 reason
 * </pre>
 *
 * Decoding is strict: unknown kinds or flags, names outside {@code [A-Za-z0-9_.-]{1,64}}, invalid
 * UTF-8, seq below 1 (MSG) or 0 (ACK), and trailing bytes are all {@link ProtocolException}s.
 */
public final class FrameCodec {
  public static final byte HELLO = 1;

  /** Protocol 1's plaintext WELCOME: seen only from a peer that has not upgraded. */
  public static final byte LEGACY_WELCOME = 2;

  public static final byte MSG = 4;
  public static final byte ACK = 5;
  public static final byte BYE = 6;

  static final int FLAG_OFFLINE = 1;
  static final int FLAG_EXPIRES = 2;
  static final int FLAG_DATA = 4;
  static final int FLAG_ROOM = 8;
  static final int MAX_NAME = PeerNames.MAX_LENGTH;
  static final int MAX_REASON_BYTES = 1024;

  private FrameCodec() {}

  /** Writes the 4-byte length and the payload of {@code frame}; returns the payload length. */
  public static int writeFrame(Frame frame, ByteBuf out) {
    int start = out.writerIndex();
    out.writeInt(0);
    encode(frame, out);
    int length = out.writerIndex() - start - 4;
    out.setInt(start, length);
    return length;
  }

  /**
   * Writes the payload of {@code frame} (no length prefix). Bad values are our bug:
   * IllegalArgumentException.
   */
  public static void encode(Frame frame, ByteBuf out) {
    if (frame instanceof Frame.Msg m) {
      int flags =
          (m.offline() ? FLAG_OFFLINE : 0)
              | (m.expiresAt() != null ? FLAG_EXPIRES : 0)
              | (m.data() != null ? FLAG_DATA : 0)
              | (m.room() != null ? FLAG_ROOM : 0);
      out.writeByte(MSG).writeByte(flags);
      writeStr8(out, m.id());
      out.writeLong(m.seq()).writeLong(m.sentAt());
      if (m.expiresAt() != null) {
        out.writeLong(m.expiresAt());
      }
      writeStr32(out, m.text());
      if (m.data() != null) {
        writeStr32(out, m.data());
      }
      if (m.room() != null) {
        out.writeBytes(m.room().toBytes());
      }
    } else if (frame instanceof Frame.Ack a) {
      out.writeByte(ACK).writeLong(a.seq());
    } else if (frame instanceof Frame.Hello h) {
      out.writeByte(HELLO).writeShort(h.version());
      writeStr8(out, checkName(h.from()));
      writeStr8(out, checkName(h.to()));
      out.writeBytes(checkNonce(h.nonce()));
    } else if (frame instanceof Frame.Bye b) {
      out.writeByte(BYE);
      byte[] reason = b.reason().getBytes(StandardCharsets.UTF_8);
      int n = Math.min(reason.length, MAX_REASON_BYTES);
      while (n > 0 && n < reason.length && (reason[n] & 0xC0) == 0x80) {
        n--; // do not cut a UTF-8 sequence in half
      }
      out.writeShort(n).writeBytes(reason, 0, n);
    } else {
      throw new IllegalArgumentException("unknown frame " + frame);
    }
  }

  /** Decodes one payload (exactly the bytes of one frame, no length prefix). */
  public static Frame decode(ByteBuf in) {
    need(in, 1, "kind");
    byte kind = in.readByte();
    Frame frame =
        switch (kind) {
          case HELLO ->
              new Frame.Hello(
                  readVersion(in), readName(in, "from"), readName(in, "to"), readNonce(in));
          case MSG -> readMsg(in);
          case ACK -> {
            need(in, 8, "ack seq");
            long seq = in.readLong();
            if (seq < 0) {
              throw new ProtocolException("ACK seq must not be negative: " + seq);
            }
            yield new Frame.Ack(seq);
          }
          case BYE -> {
            need(in, 2, "bye reason length");
            yield new Frame.Bye(readUtf8(in, in.readUnsignedShort(), "bye reason"));
          }
          default -> throw new ProtocolException("unknown frame kind " + kind);
        };
    if (in.isReadable()) {
      throw new ProtocolException(
          in.readableBytes()
              + " bytes left over after a complete "
              + frame.getClass().getSimpleName().toUpperCase(Locale.ROOT)
              + " frame");
    }
    return frame;
  }

  private static Frame.Msg readMsg(ByteBuf in) {
    need(in, 1, "flags");
    int flags = in.readUnsignedByte();
    if ((flags & ~(FLAG_OFFLINE | FLAG_EXPIRES | FLAG_DATA | FLAG_ROOM)) != 0) {
      throw new ProtocolException("unknown MSG flags " + flags);
    }
    need(in, 1, "id length");
    String id = readUtf8(in, in.readUnsignedByte(), "id");
    if (id.isEmpty()) {
      throw new ProtocolException("MSG id is empty");
    }
    need(in, 16, "seq and sentAt");
    long seq = in.readLong();
    long sentAt = in.readLong();
    if (seq < 1) {
      throw new ProtocolException("MSG seq must be at least 1: " + seq);
    }
    Long expiresAt = null;
    if ((flags & FLAG_EXPIRES) != 0) {
      need(in, 8, "expiresAt");
      expiresAt = in.readLong();
    }
    String text = readStr32(in, "text");
    String data = (flags & FLAG_DATA) != 0 ? readStr32(in, "data") : null;
    RoomHeader room = (flags & FLAG_ROOM) != 0 ? readRoom(in) : null;
    return new Frame.Msg(id, seq, sentAt, expiresAt, (flags & FLAG_OFFLINE) != 0, text, data, room);
  }

  private static RoomHeader readRoom(ByteBuf in) {
    byte[] bytes = new byte[in.readableBytes()];
    in.readBytes(bytes);
    try {
      return RoomHeader.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(e.getMessage());
    }
  }

  /** Any version: the handshake refuses another one with a message naming both. */
  private static int readVersion(ByteBuf in) {
    need(in, 2, "version");
    return in.readUnsignedShort();
  }

  private static int truncated(String what) {
    throw new ProtocolException("frame ends before its " + what);
  }

  private static void need(ByteBuf in, int bytes, String what) {
    if (!in.isReadable(bytes)) {
      truncated(what);
    }
  }

  private static String readName(ByteBuf in, String what) {
    need(in, 1, what + " length");
    int length = in.readUnsignedByte();
    if (length < 1 || length > MAX_NAME) {
      throw new ProtocolException(
          what + " must be 1 to " + MAX_NAME + " characters, not " + length);
    }
    need(in, length, what);
    for (int i = in.readerIndex(), end = i + length; i < end; i++) {
      if (!nameChar(in.getByte(i))) {
        throw new ProtocolException(
            what + " is not a valid peer name (allowed: A-Z a-z 0-9 _ . -)");
      }
    }
    return in.readCharSequence(length, StandardCharsets.US_ASCII).toString();
  }

  private static byte[] readNonce(ByteBuf in) {
    need(in, NoiseHandshake.NONCE_BYTES, "nonce");
    byte[] nonce = new byte[NoiseHandshake.NONCE_BYTES];
    in.readBytes(nonce);
    return nonce;
  }

  private static String readStr32(ByteBuf in, String what) {
    need(in, 4, what + " length");
    int length = in.readInt();
    if (length < 0) {
      throw new ProtocolException(what + " length is negative: " + length);
    }
    return readUtf8(in, length, what);
  }

  private static String readUtf8(ByteBuf in, int length, String what) {
    need(in, length, what);
    int index = in.readerIndex();
    if (!ByteBufUtil.isText(in, index, length, StandardCharsets.UTF_8)) {
      throw new ProtocolException(what + " is not valid UTF-8");
    }
    String s = in.toString(index, length, StandardCharsets.UTF_8);
    in.skipBytes(length);
    return s;
  }

  private static void writeStr8(ByteBuf out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 255) {
      throw new IllegalArgumentException("must be at most 255 UTF-8 bytes: " + s);
    }
    out.writeByte(bytes.length).writeBytes(bytes);
  }

  private static void writeStr32(ByteBuf out, String s) {
    int start = out.writerIndex();
    out.writeInt(0);
    int length = out.writeCharSequence(s, StandardCharsets.UTF_8);
    out.setInt(start, length);
  }

  private static byte[] checkNonce(byte[] nonce) {
    if (nonce.length != NoiseHandshake.NONCE_BYTES) {
      throw new IllegalArgumentException(
          "nonce must be " + NoiseHandshake.NONCE_BYTES + " bytes, not " + nonce.length);
    }
    return nonce;
  }

  /** True if {@code name} follows the peer-name rule ({@link PeerNames}). */
  public static boolean validName(String name) {
    return PeerNames.valid(name);
  }

  private static String checkName(String name) {
    if (!validName(name)) {
      throw new IllegalArgumentException("not a valid peer name: " + name);
    }
    return name;
  }

  private static boolean nameChar(byte b) {
    return PeerNames.allowed(b);
  }
}

package p2pchat.agent.rooms;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What an author signs for a room message or an owner for a membership: everything a member who
 * passes it on could otherwise change. The author's Ed25519 identity key signs it once, for every
 * member's copy; a member checks the signature only on a copy another member passed on (a direct
 * copy is proven by the link's handshake). docs/rooms.md. Stateless.
 */
public final class RoomSignatures {
  private static final byte[] CONTEXT = "p2pchat-room-message:".getBytes(StandardCharsets.US_ASCII);

  private RoomSignatures() {}

  /** The bytes signed: a context, the header without its signature, then the message's fields. */
  public static byte[] payload(
      RoomHeader h, String id, long sentAt, Long expiresAt, String text, String data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + text.length());
    out.writeBytes(CONTEXT);
    out.writeBytes(
        new RoomHeader(
                h.type(),
                h.room(),
                h.author(),
                h.authorSeq(),
                h.version(),
                h.prev(),
                h.prevs(),
                new byte[0])
            .toBytes());
    field(out, id.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(
        ByteBuffer.allocate(9).putLong(sentAt).put((byte) (expiresAt == null ? 0 : 1)).array());
    if (expiresAt != null) {
      out.writeBytes(ByteBuffer.allocate(8).putLong(expiresAt).array());
    }
    field(out, text.getBytes(StandardCharsets.UTF_8));
    field(out, data == null ? new byte[0] : data.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, byte[] bytes) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
    out.writeBytes(bytes);
  }
}

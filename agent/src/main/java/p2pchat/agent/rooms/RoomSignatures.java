package p2pchat.agent.rooms;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What an author signs for a room message or an owner for a membership: everything a member who
 * passes it on could otherwise change. The author's Ed25519 identity key signs it once, for every
 * member's copy; a member checks the signature only on a copy another member passed on (a direct
 * copy is proven by the link's handshake). docs/rooms.md. Stateless.
 *
 * <p>The messages an author writes in one commit are signed together ({@link #signAll}): one
 * Ed25519 signature over the root of a Merkle tree of their payloads' SHA-256 hashes, at most
 * {@link #BATCH} leaves a tree, each copy carrying the signature, its leaf's index, the tree's size
 * and the sibling hashes up to the root. A lone message keeps the plain 64-byte signature of its
 * payload. docs/protocol.md ("Room header") has the bytes.
 */
public final class RoomSignatures {
  private static final byte[] CONTEXT = "p2pchat-room-message:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BATCH_CONTEXT =
      "p2pchat-room-batch:".getBytes(StandardCharsets.US_ASCII);

  /** The leaves of one tree: a copy carries 64 + 2 + 32 x 3 bytes of signature at most. */
  public static final int BATCH = 8;

  private static final int PLAIN = 64;
  private static final int HASH = 32;
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("this JVM has no SHA-256", e);
            }
          });

  /** Checks a signature: true only if {@code signature} is the author's over {@code signed}. */
  public interface Verifier {
    boolean verify(byte[] signed, byte[] signature);
  }

  private RoomSignatures() {}

  /** The bytes signed: a context, the header without its signature, then the message's fields. */
  public static byte[] payload(
      RoomHeader h, String id, long sentAt, Long expiresAt, String text, String data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + text.length());
    out.writeBytes(CONTEXT);
    out.writeBytes(
        h.signature().length == 0
            ? h.toBytes() // an author's header before signing: its bytes are kept
            : h.withSignature(new byte[0]).toBytes());
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

  /**
   * The signature fields of {@code payloads} (one author's), in order: each tree of up to {@link
   * #BATCH} costs one call of {@code sign}; a tree of one is the plain signature.
   */
  public static List<byte[]> signAll(List<byte[]> payloads, Function<byte[], byte[]> sign) {
    List<byte[]> fields = new ArrayList<>(payloads.size());
    for (int from = 0; from < payloads.size(); from += BATCH) {
      List<byte[]> part = payloads.subList(from, Math.min(payloads.size(), from + BATCH));
      if (part.size() == 1) {
        fields.add(sign.apply(part.get(0)));
        continue;
      }
      List<byte[][]> levels = new ArrayList<>();
      byte[][] level = new byte[part.size()][];
      for (int i = 0; i < level.length; i++) {
        level[i] = leaf(part.get(i));
      }
      levels.add(level);
      while (level.length > 1) {
        byte[][] up = new byte[(level.length + 1) / 2][];
        for (int i = 0; i < up.length; i++) {
          up[i] = 2 * i + 1 < level.length ? node(level[2 * i], level[2 * i + 1]) : level[2 * i];
        }
        levels.add(up);
        level = up;
      }
      byte[] signature = sign.apply(rootPayload(level[0]));
      for (int index = 0; index < part.size(); index++) {
        ByteBuffer out = ByteBuffer.allocate(PLAIN + 2 + HASH * (levels.size() - 1));
        out.put(signature).put((byte) part.size()).put((byte) index);
        int i = index;
        for (byte[][] l : levels.subList(0, levels.size() - 1)) {
          int sibling = i ^ 1;
          if (sibling < l.length) {
            out.put(l[sibling]);
          }
          i /= 2;
        }
        fields.add(Arrays.copyOf(out.array(), out.position()));
      }
    }
    return fields;
  }

  /**
   * Whether {@code field} (a plain signature, or one of {@link #signAll}'s) proves {@code payload}:
   * the root it leads to is what {@code verifier} is asked about.
   */
  public static boolean check(byte[] payload, byte[] field, Verifier verifier) {
    if (field.length == PLAIN) {
      return verifier.verify(payload, field);
    }
    if (field.length < PLAIN + 2 || (field.length - PLAIN - 2) % HASH != 0) {
      return false;
    }
    ByteBuffer in = ByteBuffer.wrap(field, PLAIN, field.length - PLAIN);
    int size = in.get() & 0xFF;
    int index = in.get() & 0xFF;
    if (size < 2 || size > BATCH || index >= size) {
      return false;
    }
    byte[] hash = leaf(payload);
    byte[] sibling = new byte[HASH];
    for (int width = size, i = index; width > 1; width = (width + 1) / 2, i /= 2) {
      if ((i ^ 1) >= width) {
        continue; // the last of an odd level goes up as it is
      }
      if (in.remaining() < HASH) {
        return false;
      }
      in.get(sibling);
      hash = (i & 1) == 0 ? node(hash, sibling) : node(sibling, hash);
    }
    return !in.hasRemaining() && verifier.verify(rootPayload(hash), Arrays.copyOf(field, PLAIN));
  }

  private static byte[] leaf(byte[] payload) {
    MessageDigest sha = SHA256.get();
    sha.update((byte) 0);
    return sha.digest(payload);
  }

  private static byte[] node(byte[] left, byte[] right) {
    MessageDigest sha = SHA256.get();
    sha.update((byte) 1);
    sha.update(left);
    return sha.digest(right);
  }

  private static byte[] rootPayload(byte[] root) {
    byte[] signed = Arrays.copyOf(BATCH_CONTEXT, BATCH_CONTEXT.length + HASH);
    System.arraycopy(root, 0, signed, BATCH_CONTEXT.length, HASH);
    return signed;
  }

  private static void field(ByteArrayOutputStream out, byte[] bytes) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
    out.writeBytes(bytes);
  }
}

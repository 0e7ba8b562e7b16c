package p2pchat.agent.rooms;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import p2pchat.agent.common.PeerNames;

/**
 * What makes a MSG a room's: which room, who wrote it, where it stands in its author's sequence,
 * and under which membership version. Immutable (the map and the signature are not copied: treat
 * them as read-only). docs/rooms.md has the rules; docs/protocol.md the bytes, which {@link
 * #toBytes} writes and {@link #parse} reads strictly (the wire and the store keep the same bytes).
 *
 * <p>{@code type} {@link #MESSAGE}: a room message by {@code author}, its {@code authorSeq}-th in
 * {@code room}, sent to the members of membership {@code version}. A member's previous message of
 * this author's is {@code prev} (0: none) unless {@code prevs} names that member with another one —
 * so each member can put the author's messages in order, whichever member passed them on.
 *
 * <p>{@code type} {@link #MEMBERSHIP}: the room's member list, version {@code version}, from its
 * owner {@code author}; the MSG text is the list as JSON. {@code authorSeq}, {@code prev} are 0.
 * {@link #LEAVE}: a member asks the owner to take it out. {@link #DIGEST}: a member tells another
 * the last message it took from each author (JSON), asking for what it lacks.
 */
public final class RoomHeader {
  public static final int MESSAGE = 0;
  public static final int MEMBERSHIP = 1;
  public static final int LEAVE = 2;
  public static final int DIGEST = 3;
  static final int MAX_PREVS = 4096;

  private final int type;
  private final String room;
  private final String author;
  private final long authorSeq;
  private final long version;
  private final long prev;
  private final Map<String, Long> prevs;
  private final byte[] signature;

  /**
   * The header's bytes once encoded or parsed: a room message crosses the wire, the store and the
   * wire again as these bytes, and each of its copies (one a member) shares the one header, so it
   * is encoded once, not once a copy and a hop. Set at most once in effect (racing threads write
   * equal arrays); volatile so that a thread reading it sees the array's contents.
   */
  private volatile byte[] bytes;

  public RoomHeader(
      int type,
      String room,
      String author,
      long authorSeq,
      long version,
      long prev,
      Map<String, Long> prevs,
      byte[] signature) {
    this.type = type;
    this.room = Objects.requireNonNull(room, "room");
    this.author = Objects.requireNonNull(author, "author");
    this.authorSeq = authorSeq;
    this.version = version;
    this.prev = prev;
    this.prevs = Objects.requireNonNull(prevs, "prevs");
    this.signature = Objects.requireNonNull(signature, "signature");
  }

  public int type() {
    return type;
  }

  public String room() {
    return room;
  }

  public String author() {
    return author;
  }

  public long authorSeq() {
    return authorSeq;
  }

  public long version() {
    return version;
  }

  public long prev() {
    return prev;
  }

  public Map<String, Long> prevs() {
    return prevs;
  }

  public byte[] signature() {
    return signature;
  }

  /** This header with {@code signature} in place of its own (its bytes spliced, not encoded). */
  public RoomHeader withSignature(byte[] signature) {
    RoomHeader signed =
        new RoomHeader(type, room, author, authorSeq, version, prev, prevs, signature);
    byte[] b = bytes;
    if (b != null && signature.length <= 255) { // the signature is last: its length, its bytes
      int head = b.length - 1 - this.signature.length;
      byte[] out = Arrays.copyOf(b, head + 1 + signature.length);
      out[head] = (byte) signature.length;
      System.arraycopy(signature, 0, out, head + 1, signature.length);
      signed.bytes = out;
    }
    return signed;
  }

  /** The previous message of this author's that {@code member} was owed, 0 if none. */
  public long prevFor(String member) {
    Long p = prevs.get(member);
    return p != null ? p : prev;
  }

  public boolean isMembership() {
    return type == MEMBERSHIP;
  }

  /** {@code #ops}: the room as users write it. */
  public String roomName() {
    return "#" + room;
  }

  /** The bytes of docs/protocol.md's room header (shared: do not change them). */
  public byte[] toBytes() {
    byte[] b = bytes;
    if (b == null) {
      b = encode();
      bytes = b;
      Object[] l = last();
      l[0] = this; // the store parses the rows it is written into on this thread
      l[1] = b;
    }
    return b;
  }

  private byte[] encode() {
    if (type < MESSAGE || type > DIGEST) {
      throw new IllegalArgumentException("unknown room header type " + type);
    }
    if (prevs.size() > MAX_PREVS || signature.length > 255) {
      throw new IllegalArgumentException("room header too large: " + prevs.size() + " prevs");
    }
    int size = 1 + 2 + room.length() + author.length() + 24 + 2 + 1 + signature.length;
    for (String member : prevs.keySet()) {
      size += 1 + member.length() + 8;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put((byte) type);
    putName(out, room);
    putName(out, author);
    out.putLong(authorSeq).putLong(version).putLong(prev);
    out.putShort((short) prevs.size());
    for (Map.Entry<String, Long> e : prevs.entrySet()) {
      putName(out, e.getKey());
      out.putLong(e.getValue());
    }
    out.put((byte) signature.length).put(signature);
    return out.array();
  }

  /**
   * Reads exactly one header from {@code bytes}; anything malformed or left over is an
   * IllegalArgumentException naming what.
   */
  public static RoomHeader parse(byte[] bytes) {
    Object[] l = last();
    if (l[1] == bytes) {
      return (RoomHeader) l[0];
    }
    RoomHeader h = decode(bytes);
    h.bytes = bytes;
    l[0] = h;
    l[1] = bytes;
    return h;
  }

  /**
   * The last header parsed or encoded on this thread, with its bytes: the rows of a room message's
   * copies (one a member) share one byte array, so it is parsed once, not once a member.
   */
  private static final ThreadLocal<Object[]> LAST = new ThreadLocal<>();

  private static Object[] last() {
    Object[] l = LAST.get();
    if (l == null) {
      l = new Object[2];
      LAST.set(l);
    }
    return l;
  }

  private static RoomHeader decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      int type = in.get() & 0xFF;
      if (type > DIGEST) {
        throw new IllegalArgumentException("unknown room header type " + type);
      }
      String room = name(in, "room");
      String author = name(in, "room author");
      long authorSeq = in.getLong();
      long version = in.getLong();
      long prev = in.getLong();
      int n = in.getShort() & 0xFFFF;
      if (version < 1 || authorSeq < 0 || prev < 0 || n > MAX_PREVS) {
        throw new IllegalArgumentException(
            "room header out of range: version " + version + ", seq " + authorSeq);
      }
      if (type == MESSAGE && (authorSeq < 1 || prev >= authorSeq)) {
        throw new IllegalArgumentException(
            "room message seq must be at least 1 and above its prev: " + authorSeq + ", " + prev);
      }
      Map<String, Long> prevs = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String member = name(in, "room member");
        long p = in.getLong();
        if (p < 0 || p >= authorSeq || prevs.put(member, p) != null) {
          throw new IllegalArgumentException(
              "room member prev out of range or repeated: " + member);
        }
      }
      byte[] signature = new byte[in.get() & 0xFF];
      in.get(signature);
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(
            in.remaining() + " bytes left over after the room header");
      }
      return new RoomHeader(type, room, author, authorSeq, version, prev, prevs, signature);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("the room header ends too soon");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoomHeader h
        && type == h.type
        && authorSeq == h.authorSeq
        && version == h.version
        && prev == h.prev
        && room.equals(h.room)
        && author.equals(h.author)
        && prevs.equals(h.prevs)
        && Arrays.equals(signature, h.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, room, author, authorSeq, version, prev, prevs)
        + 31 * Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "RoomHeader[type=%d, room=%s, author=%s, authorSeq=%d, version=%d, prev=%d, prevs=%s]"
        .formatted(type, room, author, authorSeq, version, prev, prevs);
  }

  private static void putName(ByteBuffer out, String name) {
    PeerNames.check(name);
    out.put((byte) name.length()).put(name.getBytes(StandardCharsets.US_ASCII));
  }

  private static String name(ByteBuffer in, String what) {
    int length = in.get() & 0xFF;
    if (length < 1 || length > PeerNames.MAX_LENGTH) {
      throw new IllegalArgumentException(what + " must be 1 to 64 characters, not " + length);
    }
    byte[] b = new byte[length];
    in.get(b);
    for (byte c : b) {
      if (!PeerNames.allowed(c)) {
        throw new IllegalArgumentException(what + " is not a valid peer name");
      }
    }
    return new String(b, StandardCharsets.US_ASCII);
  }
}

package p2pchat.agent.wire;

import p2pchat.agent.rooms.RoomHeader;

/**
 * One unit of the peer protocol, decoded. Immutable values (the byte arrays are not copied: treat
 * them as read-only); thread-safe.
 *
 * <p>A connection goes: client HELLO (plaintext), the encrypted handshake of {@link
 * NoiseHandshake}, then, sealed by the record layer ({@link RecordCipher}), server ACK(0) meaning
 * "accepted"; then the client streams MSG and the server answers with cumulative ACKs. Either side
 * may send BYE (with a reason for the log) before it closes: in plaintext while the handshake runs,
 * sealed after it. docs/protocol.md has every byte.
 */
public sealed interface Frame {

  /**
   * Client's opening: the protocol version, who it is, whom it wants to reach, and a fresh nonce;
   * all of it is bound into the encrypted handshake's prologue.
   */
  record Hello(int version, String from, String to, byte[] nonce) implements Frame {}

  /**
   * One message. Sender and receiver are not in the frame: they are the two names the handshake
   * authenticated, so a peer cannot claim to be someone else.
   */
  record Msg(
      String id,
      long seq,
      long sentAt,
      Long expiresAt,
      boolean offline,
      String text,
      String data,
      RoomHeader room)
      implements Frame {
    /** A direct message: not a room's. */
    public Msg(
        String id,
        long seq,
        long sentAt,
        Long expiresAt,
        boolean offline,
        String text,
        String data) {
      this(id, seq, sentAt, expiresAt, offline, text, data, null);
    }
  }

  /** Cumulative: the receiver has committed every message of this link up to {@code seq}. */
  record Ack(long seq) implements Frame {}

  /** Going away on purpose; {@code reason} is for the other side's log. */
  record Bye(String reason) implements Frame {}
}

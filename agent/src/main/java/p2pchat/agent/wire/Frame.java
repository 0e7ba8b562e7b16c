package p2pchat.agent.wire;

/**
 * One unit of the peer protocol, decoded. Immutable values (the byte arrays are not copied:
 * treat them as read-only); thread-safe.
 *
 * <p>A connection goes: client HELLO, server WELCOME, client PROOF, server ACK(0) meaning
 * "accepted"; then the client streams MSG and the server answers with cumulative ACKs. Either
 * side may send BYE (with a reason for the log) before it closes. See {@link Handshake} for
 * what is signed.
 */
public sealed interface Frame {

  /** Client's opening: who it is, whom it wants to reach, and a fresh nonce. */
  record Hello(int version, String from, String to, byte[] nonce) implements Frame {}

  /** Server's answer: its name, its nonce, and its signature over the server transcript. */
  record Welcome(int version, String name, byte[] nonce, byte[] signature) implements Frame {}

  /** Client's signature over the client transcript: the handshake is mutual. */
  record Proof(byte[] signature) implements Frame {}

  /**
   * One message. Sender and receiver are not in the frame: they are the two names the
   * handshake authenticated, so a peer cannot claim to be someone else.
   */
  record Msg(String id, long seq, long sentAt, Long expiresAt, boolean offline, String text, String data)
      implements Frame {}

  /** Cumulative: the receiver has committed every message of this link up to {@code seq}. */
  record Ack(long seq) implements Frame {}

  /** Going away on purpose; {@code reason} is for the other side's log. */
  record Bye(String reason) implements Frame {}
}

package p2pchat.agent.wire;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * What the two sides of a connection sign, and how a signature is checked (Ed25519, the JDK's
 * own). Stateless and thread-safe.
 *
 * <p>The transcript binds the protocol version, the role of the signer, both names and both
 * nonces:
 *
 * <pre>
 * "p2pchat-handshake" (17 ASCII bytes) | u16 version | u8 role (1 = server, 2 = client)
 *   | u8 len | client name | u8 len | server name | client nonce[32] | server nonce[32]
 * </pre>
 *
 * The server signs it with role 1 in WELCOME, the client with role 2 in PROOF. Each side
 * checks the other's signature against the key the registry holds for the other's name, so
 * neither can be an impostor; the fresh nonce of the checking side defeats replay, and the
 * role byte stops a signature from one direction being reflected back in the other.
 */
public final class Handshake {
  public static final int VERSION = 1;
  public static final int NONCE_BYTES = 32;
  public static final byte ROLE_SERVER = 1;
  public static final byte ROLE_CLIENT = 2;
  private static final byte[] LABEL = "p2pchat-handshake".getBytes(StandardCharsets.US_ASCII);

  private Handshake() {}

  public static byte[] transcript(byte role, String client, String server, byte[] clientNonce, byte[] serverNonce) {
    byte[] c = client.getBytes(StandardCharsets.US_ASCII);
    byte[] s = server.getBytes(StandardCharsets.US_ASCII);
    if (clientNonce.length != NONCE_BYTES || serverNonce.length != NONCE_BYTES || c.length > 255 || s.length > 255) {
      throw new IllegalArgumentException("bad handshake input");
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(LABEL.length + 2 + 1 + 1 + c.length + 1 + s.length + 2 * NONCE_BYTES);
    b.put(LABEL).putShort((short) VERSION).put(role);
    b.put((byte) c.length).put(c).put((byte) s.length).put(s);
    b.put(clientNonce).put(serverNonce);
    return b.array();
  }

  public static byte[] newNonce(SecureRandom random) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    return nonce;
  }
}

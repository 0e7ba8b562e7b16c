package p2pchat.agent.wire;

import com.southernstorm.noise.protocol.DHState;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An X25519 key pair for noise-java's handshake, computed by Bouncy Castle: the same function as
 * noise-java's own {@code Curve25519DHState} (RFC 7748, clamped scalars, no check of the result, as
 * the Noise specification asks), about three times as fast. A handshake does four X25519 operations
 * a side, so on two cores noise-java's took most of the CPU of five thousand agents opening their
 * links. {@link NoiseHandshake} puts these in noise-java's handshake state in place of its own. Not
 * thread-safe; one per key.
 */
final class X25519Key implements DHState {
  static final int LENGTH = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] privateKey = new byte[LENGTH];
  private final byte[] publicKey = new byte[LENGTH];
  private int mode; // as noise-java's: bit 1 a public key (maybe the null one), bit 2 a private key

  @Override
  public String getDHName() {
    return "25519";
  }

  @Override
  public int getPublicKeyLength() {
    return LENGTH;
  }

  @Override
  public int getPrivateKeyLength() {
    return LENGTH;
  }

  @Override
  public int getSharedKeyLength() {
    return LENGTH;
  }

  @Override
  public void generateKeyPair() {
    X25519.generatePrivateKey(RANDOM, privateKey);
    derivePublicKey();
  }

  @Override
  public void getPublicKey(byte[] key, int offset) {
    System.arraycopy(publicKey, 0, key, offset, LENGTH);
  }

  @Override
  public void setPublicKey(byte[] key, int offset) {
    System.arraycopy(key, offset, publicKey, 0, LENGTH);
    Arrays.fill(privateKey, (byte) 0);
    mode = 1;
  }

  @Override
  public void getPrivateKey(byte[] key, int offset) {
    System.arraycopy(privateKey, 0, key, offset, LENGTH);
  }

  @Override
  public void setPrivateKey(byte[] key, int offset) {
    System.arraycopy(key, offset, privateKey, 0, LENGTH);
    derivePublicKey();
  }

  private void derivePublicKey() {
    X25519.generatePublicKey(privateKey, 0, publicKey, 0);
    mode = 3;
  }

  @Override
  public void setToNullPublicKey() {
    Arrays.fill(publicKey, (byte) 0);
    Arrays.fill(privateKey, (byte) 0);
    mode = 1;
  }

  @Override
  public void clearKey() {
    Arrays.fill(publicKey, (byte) 0);
    Arrays.fill(privateKey, (byte) 0);
    mode = 0;
  }

  @Override
  public boolean hasPublicKey() {
    return (mode & 1) != 0;
  }

  @Override
  public boolean hasPrivateKey() {
    return (mode & 2) != 0;
  }

  @Override
  public boolean isNullPublicKey() {
    if (!hasPublicKey()) {
      return false;
    }
    int bits = 0;
    for (byte b : publicKey) {
      bits |= b;
    }
    return bits == 0;
  }

  @Override
  public void calculate(byte[] sharedKey, int offset, DHState publicDH) {
    if (!(publicDH instanceof X25519Key other)) {
      throw new IllegalArgumentException("not an X25519 key of this kind");
    }
    if (!hasPrivateKey()) {
      throw new IllegalStateException("no private key");
    }
    X25519.scalarMult(privateKey, 0, other.publicKey, 0, sharedKey, offset);
  }

  @Override
  public void copyFrom(DHState other) {
    if (other.getPublicKeyLength() != LENGTH) {
      throw new IllegalStateException("mismatched DH key types");
    }
    if (other.hasPrivateKey()) {
      byte[] key = new byte[LENGTH];
      other.getPrivateKey(key, 0);
      setPrivateKey(key, 0);
      Arrays.fill(key, (byte) 0);
    } else if (other.hasPublicKey()) {
      byte[] key = new byte[LENGTH];
      other.getPublicKey(key, 0);
      setPublicKey(key, 0);
    } else {
      clearKey();
    }
  }

  @Override
  public void destroy() {
    clearKey();
  }
}

package p2pchat.agent.identity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Ed25519 public-key helpers: encode, decode, verify. Stateless and thread-safe. */
public final class Keys {
  private Keys() {}

  public static String encode(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** Decodes a registry {@code publicKey}; throws IllegalArgumentException naming what is wrong. */
  public static PublicKey decode(String base64) {
    try {
      return factory().generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException("not a base64 Ed25519 X.509 public key");
    }
  }

  /** An X.509 SubjectPublicKeyInfo of Ed25519 is this 12-byte header, then the 32-byte key. */
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private static final int X509_HEADER = X509_PREFIX.length;

  /** The public key whose 32 raw bytes (RFC 8032) are {@code raw}. */
  static PublicKey fromRaw(byte[] raw) throws GeneralSecurityException {
    byte[] encoded = new byte[X509_HEADER + raw.length];
    System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_HEADER);
    System.arraycopy(raw, 0, encoded, X509_HEADER, raw.length);
    return factory().generatePublic(new X509EncodedKeySpec(encoded));
  }

  /**
   * This thread's Ed25519 key factory: looking one up costs more than the key it makes, and
   * thousands of agents starting at once make three keys each. Factories are not thread-safe.
   */
  static KeyFactory factory() throws GeneralSecurityException {
    KeyFactory f = FACTORY.get();
    if (f == null) {
      f = KeyFactory.getInstance("Ed25519");
      FACTORY.set(f);
    }
    return f;
  }

  private static final ThreadLocal<KeyFactory> FACTORY = new ThreadLocal<>();

  /** True only if {@code signature} is {@code key}'s Ed25519 signature of {@code data}. */
  public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    byte[] encoded = key.getEncoded();
    if (signature == null
        || signature.length != Ed25519.SIGNATURE_SIZE
        || encoded == null
        || encoded.length != X509_HEADER + Ed25519.PUBLIC_KEY_SIZE) {
      return false;
    }
    try {
      return Ed25519.verify(signature, 0, encoded, X509_HEADER, data, 0, data.length);
    } catch (RuntimeException e) {
      return false;
    }
  }
}

package p2pchat.discovery.core;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key ready to verify: the JDK key (what the registry stores and compares) and
 * the decoded curve point (so a verification skips decoding it again). Immutable.
 */
public record VerifyingKey(PublicKey key, Ed25519.PublicPoint point) {
  /** An Ed25519 X.509 SubjectPublicKeyInfo is this fixed 12-byte header, then the 32 key bytes. */
  private static final int X509_PREFIX = 12;

  /** Decodes base64 X.509 SubjectPublicKeyInfo; null if it is not a valid Ed25519 key. */
  static VerifyingKey decode(String base64) {
    try {
      PublicKey key =
          KeyFactory.getInstance("Ed25519")
              .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
      byte[] spki = key.getEncoded();
      if (spki.length != X509_PREFIX + Ed25519.PUBLIC_KEY_SIZE) {
        return null;
      }
      Ed25519.PublicPoint point =
          Ed25519.validatePublicKeyFullExport(
              Arrays.copyOfRange(spki, X509_PREFIX, spki.length), 0);
      return point == null ? null : new VerifyingKey(key, point);
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      return null;
    }
  }

  /**
   * Checks an Ed25519 signature with Bouncy Castle's RFC 8032 code: the JDK's answer at about a
   * seventh of the CPU (verification is a heartbeat's main cost).
   */
  public boolean verifies(byte[] message, byte[] signature) {
    if (signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    try {
      return Ed25519.verify(signature, 0, point, message, 0, message.length);
    } catch (RuntimeException e) {
      return false;
    }
  }
}

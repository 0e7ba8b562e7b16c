package p2pchat.bench.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A simulated peer's Ed25519 key and the registry's request signature (docs/registry-api.md,
 * "Signing"), with Bouncy Castle: the JDK's Ed25519 would make the load generator, not the
 * registry, the bottleneck on a small machine. Not thread-safe (timestamps); one per peer.
 */
final class SigningKey {
  /** X.509 SubjectPublicKeyInfo header of an Ed25519 key; the 32 key bytes follow. */
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] privateKey = new byte[Ed25519.SECRET_KEY_SIZE];
  private final byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
  private long lastTimestamp;

  SigningKey() {
    Ed25519.generatePrivateKey(RANDOM, privateKey);
    Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
  }

  /** The public key as the registry takes it: base64 of its X.509 SubjectPublicKeyInfo. */
  String publicKeyBase64() {
    byte[] spki = new byte[X509_PREFIX.length + publicKey.length];
    System.arraycopy(X509_PREFIX, 0, spki, 0, X509_PREFIX.length);
    System.arraycopy(publicKey, 0, spki, X509_PREFIX.length, publicKey.length);
    return Base64.getEncoder().encodeToString(spki);
  }

  /** The registration body for {@code name} at a dummy address. */
  String registration(String name) {
    return "{\"name\":\""
        + name
        + "\",\"publicKey\":\""
        + publicKeyBase64()
        + "\",\"host\":\"127.0.0.1\",\"port\":9}";
  }

  /** Sends a request signed with a fresh timestamp over {@code http}. */
  HttpConnection.Reply signed(HttpConnection http, String method, String path, String body)
      throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    lastTimestamp = Math.max(System.currentTimeMillis(), lastTimestamp + 1);
    String text = method + "\n" + path + "\n" + lastTimestamp + "\n" + sha256Hex(bytes);
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(privateKey, 0, publicKey, 0, message, 0, message.length, sig, 0);
    Map<String, String> headers =
        Map.of(
            "Content-Type", "application/json",
            "X-P2P-Timestamp", Long.toString(lastTimestamp),
            "X-P2P-Signature", Base64.getEncoder().encodeToString(sig));
    return http.send(method, path, headers, bytes);
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

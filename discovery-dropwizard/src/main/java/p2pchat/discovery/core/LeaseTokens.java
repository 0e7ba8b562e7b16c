package p2pchat.discovery.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Lease tokens (docs/adr/0006-cheap-lease-renewals.md): 128 random bits, base64url, of which the
 * database keeps only the SHA-256, so a copy of the database renews nothing. Thread-safe.
 */
public final class LeaseTokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("this JVM has no SHA-256", e);
            }
          });

  private LeaseTokens() {}

  /** A fresh token for a client. */
  public static String issue() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** What the database stores for {@code token}: its SHA-256 in hex. */
  public static String hash(String token) {
    return HexFormat.of().formatHex(SHA256.get().digest(token.getBytes(StandardCharsets.US_ASCII)));
  }
}

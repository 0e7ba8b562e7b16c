package p2pchat.agent.presence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import p2pchat.agent.identity.Identity;

/**
 * Signs registry requests as docs/registry-api.md ("Signing") specifies: an Ed25519 signature
 * (base64) over the UTF-8 of {@code METHOD \n PATH \n TIMESTAMP \n hex(SHA-256(body))}, PATH
 * without the query, with timestamps in epoch ms that strictly increase for one signer even within
 * one millisecond. Thread-safe.
 *
 * <p>Test vector (see RequestSignerTest): the RFC 8032 test-1 key, seed {@code
 * 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bace7fdac7f60}, signing {@code PUT
 * /v1/peers/Sam/presence} at 1700000000000 with body {@code
 * {"host":"127.0.0.1","port":7001,"epoch":1}}.
 */
public final class RequestSigner {
  public static final String TIMESTAMP_HEADER = "X-P2P-Timestamp";
  public static final String SIGNATURE_HEADER = "X-P2P-Signature";

  private final Identity identity;
  private final LongSupplier clock;
  private final AtomicLong lastTimestamp = new AtomicLong();
  private final AtomicLong lastAccepted = new AtomicLong();

  public RequestSigner(Identity identity) {
    this(identity, System::currentTimeMillis);
  }

  public RequestSigner(Identity identity, LongSupplier clock) {
    this.identity = identity;
    this.clock = clock;
  }

  /** The two headers of one signed request. */
  public record Signed(long timestamp, String signature) {}

  /** Signs now, with a timestamp greater than any this signer gave before. */
  public Signed sign(String method, String path, byte[] body) {
    long now = clock.getAsLong();
    long timestamp = lastTimestamp.updateAndGet(last -> Math.max(now, last + 1));
    return sign(method, path, timestamp, body);
  }

  /** The registry took a request signed at {@code timestamp}. */
  public void accepted(long timestamp) {
    lastAccepted.accumulateAndGet(timestamp, Math::max);
  }

  /**
   * The registry refused a signature (a clock it finds skewed, say): timestamps go on from the last
   * one it took, not from the refused ones. So once this machine's clock is right again, the next
   * request carries the right time, not the skewed time it had raised the floor to.
   */
  public void refused() {
    lastTimestamp.set(lastAccepted.get());
  }

  /** Signs with a given timestamp (tests and other tools). */
  public Signed sign(String method, String path, long timestamp, byte[] body) {
    byte[] canonical = canonical(method, path, timestamp, body).getBytes(StandardCharsets.UTF_8);
    return new Signed(timestamp, Base64.getEncoder().encodeToString(identity.sign(canonical)));
  }

  /** The text that is signed; {@code path} must not carry a query. */
  public static String canonical(String method, String path, long timestamp, byte[] body) {
    if (path.indexOf('?') >= 0) {
      throw new IllegalArgumentException("the signed path has no query: " + path);
    }
    return method + "\n" + path + "\n" + timestamp + "\n" + sha256Hex(body);
  }

  public static String sha256Hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}

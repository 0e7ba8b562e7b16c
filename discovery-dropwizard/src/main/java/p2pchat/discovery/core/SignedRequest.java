package p2pchat.discovery.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The parts of an HTTP request that its Ed25519 signature covers, as received. The signed text is
 * {@code METHOD\nPATH\nTIMESTAMP\nhex(sha256(body))} in UTF-8. Immutable.
 *
 * @param timestamp the {@code X-P2P-Timestamp} header as sent, or null
 * @param signature the {@code X-P2P-Signature} header as sent, or null
 */
public record SignedRequest(
    String method, String path, String timestamp, String signature, String bodySha256) {
  public static final String TIMESTAMP_HEADER = "X-P2P-Timestamp";
  public static final String SIGNATURE_HEADER = "X-P2P-Signature";

  /** How far a request's timestamp may be from the registry's clock. */
  public static final long MAX_SKEW_MILLIS = 30_000;

  /** The text that is signed. */
  public static String signedText(String method, String path, long timestamp, String bodySha256) {
    return method + "\n" + path + "\n" + timestamp + "\n" + bodySha256;
  }

  /**
   * Checks the signature against {@code key} and the timestamp against {@code nowMillis}; returns
   * the timestamp. Replays are checked later, against the name's last timestamp.
   */
  public long verify(VerifyingKey key, long nowMillis) {
    if (timestamp == null || signature == null) {
      throw ApiException.unauthorized(
          "this request must be signed: send %s and %s headers (see docs/registry-api.md, Signing)",
          TIMESTAMP_HEADER, SIGNATURE_HEADER);
    }
    long ts = timestampMillis();
    if (Math.abs(ts - nowMillis) > MAX_SKEW_MILLIS) {
      throw ApiException.unauthorized(
          "%s %d is %d ms away from the registry's clock (%d); allowed: %d ms - check the clock",
          TIMESTAMP_HEADER, ts, ts - nowMillis, nowMillis, MAX_SKEW_MILLIS);
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(signature.strip());
    } catch (IllegalArgumentException e) {
      throw ApiException.unauthorized("%s must be base64", SIGNATURE_HEADER);
    }
    byte[] text = signedText(method, path, ts, bodySha256).getBytes(StandardCharsets.UTF_8);
    if (!key.verifies(text, sig)) {
      throw ApiException.unauthorized(
          "bad signature: sign \"%s\\n%s\\n%d\\n<sha256 hex of the body>\" with the name's key",
          method, path, ts);
    }
    return ts;
  }

  /** The timestamp header as a number; a 401 when it is not one. */
  public long timestampMillis() {
    try {
      return Long.parseLong(timestamp.strip());
    } catch (NumberFormatException | NullPointerException e) {
      throw ApiException.unauthorized(
          "%s must be epoch milliseconds: '%s'", TIMESTAMP_HEADER, timestamp);
    }
  }
}

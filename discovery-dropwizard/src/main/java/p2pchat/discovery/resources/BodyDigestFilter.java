package p2pchat.discovery.resources;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import p2pchat.discovery.core.ApiException;
import p2pchat.discovery.core.SignedRequest;

/**
 * For {@link Signed} methods: reads the body once, keeps its SHA-256 (the signature covers it) and
 * hands the same bytes on to JSON parsing. Stateless and thread-safe.
 */
@Signed
public final class BodyDigestFilter implements ContainerRequestFilter {
  private static final String DIGEST = "p2pchat.bodySha256";
  private static final int MAX_BODY = 64 * 1024;

  @Override
  public void filter(ContainerRequestContext request) throws IOException {
    byte[] body;
    try (InputStream in = request.getEntityStream()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      throw ApiException.badRequest("the body is larger than %d bytes", MAX_BODY);
    }
    request.setEntityStream(new ByteArrayInputStream(body));
    request.setProperty(DIGEST, sha256Hex(body));
  }

  /** The signed parts of {@code request}, as received. */
  public static SignedRequest signedRequest(ContainerRequestContext request) {
    Object digest = request.getProperty(DIGEST);
    return new SignedRequest(
        request.getMethod(),
        request.getUriInfo().getRequestUri().getRawPath(),
        request.getHeaderString(SignedRequest.TIMESTAMP_HEADER),
        request.getHeaderString(SignedRequest.SIGNATURE_HEADER),
        digest == null ? sha256Hex(new byte[0]) : digest.toString());
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}

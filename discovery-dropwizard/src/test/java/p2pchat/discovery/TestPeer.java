package p2pchat.discovery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A test peer: an Ed25519 key pair that signs registry requests as docs/registry-api.md says,
 * written here from the spec alone (the agent has its own client). Timestamps only go up. Not
 * thread-safe.
 */
final class TestPeer {
  final String name;
  private final KeyPair keys;
  private long lastTimestamp;

  TestPeer(String name) {
    this.name = name;
    try {
      this.keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String publicKey() {
    return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
  }

  String registration(int port) {
    return "{\"name\":\""
        + name
        + "\",\"publicKey\":\""
        + publicKey()
        + "\",\"host\":\"127.0.0.1\",\"port\":"
        + port
        + "}";
  }

  static String heartbeat(int port, long epoch) {
    return "{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"epoch\":" + epoch + "}";
  }

  long nextTimestamp() {
    lastTimestamp = Math.max(System.currentTimeMillis(), lastTimestamp + 1);
    return lastTimestamp;
  }

  /** The X-P2P-Signature value for this request. */
  String sign(String method, String path, long timestamp, String body) {
    try {
      String digest =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(body.getBytes(StandardCharsets.UTF_8)));
      String text = method + "\n" + path + "\n" + timestamp + "\n" + digest;
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(keys.getPrivate());
      s.update(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

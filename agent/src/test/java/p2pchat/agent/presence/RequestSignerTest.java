package p2pchat.agent.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.identity.Keys;

/**
 * The registry request signature, pinned by a fixed vector so that a client in any language can
 * check its implementation. Ed25519 signatures are deterministic, and this one was produced
 * independently with OpenSSL 3 ({@code openssl pkeyutl -sign -rawin}):
 *
 * <pre>
 * private key (PKCS#8, base64)  MC4CAQAwBQYDK2VwBCIEIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f
 *                               (seed = bytes 0x00 0x01 ... 0x1f)
 * publicKey (X.509, base64)     MCowBQYDK2VwAyEAA6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=
 * request                       PUT /v1/peers/Sam/presence
 * body (UTF-8, exact bytes)     {"host":"127.0.0.1","port":7001,"epoch":1}
 * X-P2P-Timestamp               1700000000000
 * signed text (\n = LF)         PUT\n/v1/peers/Sam/presence\n1700000000000\n7ead632522c493e43302999e0594c1581aaa2bfe2eb6a26a1ad31ca99c4dc532
 * X-P2P-Signature               tfkaMJv03i3BcnjSLDQ3N8Kic9FwQN+NSZRojNNAW1KPG1vfSUBZ96ZuCfdwTtuAjkh6i7ja3+QlsPrLXigqAQ==
 *
 * request                       DELETE /v1/peers/Sam/presence, no body, timestamp 1700000000001
 * signed text                   DELETE\n/v1/peers/Sam/presence\n1700000000001\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
 * X-P2P-Signature               azNz1hdE8OIj5e6c1a7qqvYQXtTkLHHKKBBQPYfmObFjqAPMBVXW22UQnkvlduyOv4cs4j3gkPQsJHbBJ4teBQ==
 * </pre>
 */
class RequestSignerTest {
  static final String PRIVATE_KEY =
      "MC4CAQAwBQYDK2VwBCIEIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f";
  static final String PUBLIC_KEY = "MCowBQYDK2VwAyEAA6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=";
  static final byte[] HEARTBEAT_BODY =
      "{\"host\":\"127.0.0.1\",\"port\":7001,\"epoch\":1}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dataDir;

  private Identity vectorIdentity() throws Exception {
    Files.writeString(dataDir.resolve("identity.key"), PRIVATE_KEY + "\n" + PUBLIC_KEY + "\n");
    return Identity.loadOrCreate(dataDir);
  }

  @Test
  void theSignedTextIsMethodPathTimestampAndBodyHashOnFourLines() {
    assertThat(
            RequestSigner.canonical(
                "PUT", "/v1/peers/Sam/presence", 1700000000000L, HEARTBEAT_BODY))
        .isEqualTo(
            "PUT\n/v1/peers/Sam/presence\n1700000000000\n"
                + "7ead632522c493e43302999e0594c1581aaa2bfe2eb6a26a1ad31ca99c4dc532");
  }

  @Test
  void anEmptyBodyHashesTheEmptyString() {
    assertThat(
            RequestSigner.canonical(
                "DELETE", "/v1/peers/Sam/presence", 1700000000001L, new byte[0]))
        .endsWith("\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void theFixedVectorGivesTheSignatureOpenSslGives() throws Exception {
    Identity identity = vectorIdentity();
    RequestSigner signer = new RequestSigner(identity);

    assertThat(identity.publicKeyBase64()).isEqualTo(PUBLIC_KEY);
    assertThat(
            signer
                .sign("PUT", "/v1/peers/Sam/presence", 1700000000000L, HEARTBEAT_BODY)
                .signature())
        .isEqualTo(
            "tfkaMJv03i3BcnjSLDQ3N8Kic9FwQN+NSZRojNNAW1KPG1vfSUBZ96ZuCfdwTtuAjkh6i7ja3+QlsPrLXigqAQ==");
    assertThat(
            signer
                .sign("DELETE", "/v1/peers/Sam/presence", 1700000000001L, new byte[0])
                .signature())
        .isEqualTo(
            "azNz1hdE8OIj5e6c1a7qqvYQXtTkLHHKKBBQPYfmObFjqAPMBVXW22UQnkvlduyOv4cs4j3gkPQsJHbBJ4teBQ==");
  }

  @Test
  void aSignatureVerifiesWithThePublicKeyTheRegistryHolds() {
    Identity identity = Identity.generate();
    RequestSigner.Signed signed =
        new RequestSigner(identity).sign("POST", "/v1/peers", HEARTBEAT_BODY);
    byte[] text =
        RequestSigner.canonical("POST", "/v1/peers", signed.timestamp(), HEARTBEAT_BODY)
            .getBytes(StandardCharsets.UTF_8);
    byte[] signature = Base64.getDecoder().decode(signed.signature());

    assertThat(Keys.verify(Keys.decode(identity.publicKeyBase64()), text, signature)).isTrue();
    assertThat(
            Keys.verify(
                Keys.decode(identity.publicKeyBase64()),
                RequestSigner.canonical("PUT", "/v1/peers", signed.timestamp(), HEARTBEAT_BODY)
                    .getBytes(StandardCharsets.UTF_8),
                signature))
        .as("another method must not verify")
        .isFalse();
  }

  @Test
  void timestampsStrictlyIncreaseEvenWithinOneMillisecondOrWhenTheClockStepsBack() {
    long[] clock = {1700000000000L};
    RequestSigner signer = new RequestSigner(Identity.generate(), () -> clock[0]);

    long first = signer.sign("PUT", "/v1/peers/Sam/presence", new byte[0]).timestamp();
    long second = signer.sign("PUT", "/v1/peers/Sam/presence", new byte[0]).timestamp();
    clock[0] -= 5_000;
    long third = signer.sign("PUT", "/v1/peers/Sam/presence", new byte[0]).timestamp();
    clock[0] += 60_000;
    long fourth = signer.sign("PUT", "/v1/peers/Sam/presence", new byte[0]).timestamp();

    assertThat(first).isEqualTo(1700000000000L);
    assertThat(second).isEqualTo(1700000000001L);
    assertThat(third).isEqualTo(1700000000002L);
    assertThat(fourth).isEqualTo(1700000055000L);
  }

  @Test
  void aPathWithAQueryIsRefusedBecauseTheQueryIsNeverSigned() {
    assertThatThrownBy(() -> RequestSigner.canonical("GET", "/v1/peers?since=1", 1L, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no query");
  }

  @Test
  void afterARefusalTimestampsGoOnFromTheLastOneTakenNotFromThoseRefused() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000);
    RequestSigner signer = new RequestSigner(Identity.generate(), now::get);
    long taken = signer.sign("PUT", "/v1/peers/Sam/presence", new byte[0]).timestamp();
    signer.accepted(taken);
    now.set(46_000); // the clock jumps 45 s ahead: these are refused
    assertThat(signer.sign("PUT", "/v1/peers/Sam/presence", new byte[0]).timestamp())
        .isEqualTo(46_000);
    signer.refused();
    now.set(2_000); // right again
    assertThat(signer.sign("PUT", "/v1/peers/Sam/presence", new byte[0]).timestamp())
        .isEqualTo(2_000);
    now.set(1_500); // a clock that steps back a little still never repeats a timestamp taken
    assertThat(signer.sign("PUT", "/v1/peers/Sam/presence", new byte[0]).timestamp())
        .isEqualTo(2_001);
  }
}

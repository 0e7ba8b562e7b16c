package p2pchat.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {
  @TempDir Path dir;

  @Test
  void aSignatureVerifiesWithTheJdkAndWithKeysAndNotForOtherBytes() throws Exception {
    Identity id = Identity.loadOrCreate(dir);
    byte[] data = "p2pchat".getBytes(StandardCharsets.UTF_8);
    byte[] sig = id.sign(data);
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initVerify(id.publicKey());
    jdk.update(data);
    assertThat(jdk.verify(sig)).isTrue();
    assertThat(Keys.verify(id.publicKey(), data, sig)).isTrue();
    assertThat(Keys.verify(id.publicKey(), "p2pchaT".getBytes(StandardCharsets.UTF_8), sig))
        .isFalse();
    // the same key loaded again signs the same way (Ed25519 is deterministic)
    assertThat(Identity.loadOrCreate(dir).sign(data)).isEqualTo(sig);
  }

  @Test
  void aNewKeyPairIsOnePairTheJdkSignsWithAsWeDoAndReadsBackFromItsFile() throws Exception {
    Identity id = Identity.loadOrCreate(dir);
    byte[] data = "stand-up in five".getBytes(StandardCharsets.UTF_8);
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initSign(
        java.security.KeyFactory.getInstance("Ed25519")
            .generatePrivate(
                new java.security.spec.PKCS8EncodedKeySpec(
                    java.util.Base64.getDecoder()
                        .decode(
                            java.nio.file.Files.readString(dir.resolve(Identity.PRIVATE_KEY_FILE))
                                .split("\\s+")[0]))));
    jdk.update(data);

    assertThat(jdk.sign()).isEqualTo(id.sign(data));
    assertThat(Identity.loadOrCreate(dir).publicKeyBase64()).isEqualTo(id.publicKeyBase64());
    assertThat(Identity.generate().publicKeyBase64()).isNotEqualTo(id.publicKeyBase64());
  }
}

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
}

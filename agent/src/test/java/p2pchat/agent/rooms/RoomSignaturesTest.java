package p2pchat.agent.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.identity.Keys;

class RoomSignaturesTest {
  private final Identity author = Identity.generate();
  private final Identity other = Identity.generate();

  private static List<byte[]> payloads(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(("message " + i).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private boolean byAuthor(byte[] signed, byte[] signature) {
    return Keys.verify(author.publicKey(), signed, signature);
  }

  @Test
  void everyMessageOfACommitIsProvenOnItsOwnWithOneSignatureATree() {
    for (int n = 1; n <= 2 * RoomSignatures.BATCH + 1; n++) {
      List<byte[]> payloads = payloads(n);
      AtomicInteger signatures = new AtomicInteger();
      List<byte[]> fields =
          RoomSignatures.signAll(
              payloads,
              p -> {
                signatures.incrementAndGet();
                return author.sign(p);
              });
      assertThat(fields).hasSize(n);
      assertThat(signatures.get()).isEqualTo((n + RoomSignatures.BATCH - 1) / RoomSignatures.BATCH);
      for (int i = 0; i < n; i++) {
        assertThat(RoomSignatures.check(payloads.get(i), fields.get(i), this::byAuthor))
            .as("message %d of %d", i, n)
            .isTrue();
        assertThat(fields.get(i).length).isLessThanOrEqualTo(64 + 2 + 3 * 32);
      }
    }
  }

  @Test
  void aChangedMessageAnotherKeyOrAnotherLeafsProofIsRefused() {
    List<byte[]> payloads = payloads(5);
    List<byte[]> fields = RoomSignatures.signAll(payloads, author::sign);
    byte[] changed = "message 2, changed".getBytes(StandardCharsets.UTF_8);
    assertThat(RoomSignatures.check(changed, fields.get(2), this::byAuthor)).isFalse();
    assertThat(RoomSignatures.check(payloads.get(1), fields.get(2), this::byAuthor)).isFalse();
    assertThat(
            RoomSignatures.check(
                payloads.get(2),
                fields.get(2),
                (signed, sig) -> Keys.verify(other.publicKey(), signed, sig)))
        .isFalse();
    byte[] cut = java.util.Arrays.copyOf(fields.get(2), fields.get(2).length - 1);
    assertThat(RoomSignatures.check(payloads.get(2), cut, this::byAuthor)).isFalse();
    byte[] lying = fields.get(2).clone();
    lying[64] = 1; // a tree of one is never batched
    assertThat(RoomSignatures.check(payloads.get(2), lying, this::byAuthor)).isFalse();
  }
}

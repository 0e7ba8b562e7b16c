package p2pchat.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AeadWarmUpTest {
  @Test
  void theWarmUpSealsTheLengthsLinksSealFromTinyRecordsToFullOnes() {
    int[] lengths = IntStream.range(0, 20_000).map(AeadWarmUp::length).toArray();

    assertThat(IntStream.of(lengths).allMatch(n -> n >= 1 && n <= RecordCipher.MAX_PLAINTEXT))
        .isTrue();
    assertThat(IntStream.of(lengths).filter(n -> n < 64).count()).isGreaterThan(100);
    assertThat(IntStream.of(lengths).filter(n -> n % 16 != 0).count()).isGreaterThan(15_000);
    assertThat(IntStream.of(lengths).filter(n -> n == RecordCipher.MAX_PLAINTEXT).count())
        .isGreaterThan(10);
    assertThat(IntStream.of(lengths).distinct().count()).isGreaterThan(1_000);
  }
}

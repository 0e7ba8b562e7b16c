package p2pchat.agent.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoomHeaderTest {
  private static RoomHeader sample(byte[] signature) {
    return new RoomHeader(
        RoomHeader.MESSAGE,
        "ops",
        "Sam",
        7,
        2,
        6,
        new LinkedHashMap<>(Map.of("Eve", 0L)),
        signature);
  }

  @Test
  void aHeaderReadBackIsTheHeaderWrittenAndKeepsTheBytesItCameFrom() {
    byte[] bytes = sample(new byte[64]).toBytes();

    RoomHeader read = RoomHeader.parse(bytes.clone());

    assertThat(read).isEqualTo(sample(new byte[64])).hasSameHashCodeAs(sample(new byte[64]));
    assertThat(read.prevFor("Eve")).isZero();
    assertThat(read.prevFor("Carol")).isEqualTo(6);
    assertThat(read.toBytes()).isEqualTo(bytes);
    // the store writes what the wire brought, not a second encoding of it
    byte[] wire = bytes.clone();
    assertThat(RoomHeader.parse(wire).toBytes()).isSameAs(wire);
  }

  @Test
  void headersDifferingOnlyInTheirSignatureAreNotEqual() {
    byte[] other = new byte[64];
    other[0] = 1;

    assertThat(sample(new byte[64])).isNotEqualTo(sample(other));
    assertThat(sample(new byte[64]).withSignature(other)).isEqualTo(sample(other));
  }

  @Test
  void aSignatureSplicedIntoAnEncodedHeaderGivesTheBytesEncodingItWouldGive() {
    byte[] signature = new byte[162];
    signature[0] = 7;
    signature[161] = 9;
    RoomHeader unsigned = sample(new byte[0]);
    unsigned.toBytes();

    RoomHeader signed = unsigned.withSignature(signature);

    assertThat(signed.toBytes()).isEqualTo(sample(signature.clone()).toBytes());
    assertThat(RoomHeader.parse(signed.toBytes().clone())).isEqualTo(sample(signature));
    assertThat(signed.withSignature(new byte[0]).toBytes()).isEqualTo(unsigned.toBytes());
  }

  @Test
  void malformedBytesAreRefusedWithWhatIsWrong() {
    byte[] bytes = sample(new byte[64]).toBytes();
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);

    assertThatThrownBy(() -> RoomHeader.parse(longer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1 bytes left over after the room header");
    assertThatThrownBy(() -> RoomHeader.parse(java.util.Arrays.copyOf(bytes, 10)))
        .hasMessage("the room header ends too soon");
  }
}

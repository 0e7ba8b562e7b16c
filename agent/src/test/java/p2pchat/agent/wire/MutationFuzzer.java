package p2pchat.agent.wire;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Test fixture: produces mutated inputs (truncated, bit-flipped, replaced, inserted, spliced,
 * random) from a corpus of valid framed bytes. Deterministic for a given Random. Not thread-safe.
 */
public final class MutationFuzzer {
  private final Random random;
  private final List<byte[]> corpus;

  public MutationFuzzer(Random random, List<byte[]> corpus) {
    this.random = random;
    this.corpus = corpus;
  }

  public byte[] next() {
    if (random.nextInt(20) == 0) {
      byte[] noise = new byte[random.nextInt(64)];
      random.nextBytes(noise);
      return noise;
    }
    byte[] b = pick();
    int mutations = 1 + random.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      b = mutate(b);
    }
    return b;
  }

  private byte[] pick() {
    byte[] b = corpus.get(random.nextInt(corpus.size()));
    return Arrays.copyOf(b, b.length);
  }

  private byte[] mutate(byte[] b) {
    if (b.length == 0) {
      return pick();
    }
    int at = random.nextInt(b.length);
    switch (random.nextInt(8)) {
      case 0 -> {
        return Arrays.copyOf(b, at); // truncate
      }
      case 1 -> b[at] ^= (byte) (1 << random.nextInt(8)); // flip a bit
      case 2 -> b[at] = (byte) random.nextInt(256); // replace a byte
      case 3 ->
          b[at] = (byte) new int[] {0, 1, 0x7f, 0x80, 0xff}[random.nextInt(5)]; // boundary values
      case 4 -> { // insert random bytes
        byte[] extra = new byte[1 + random.nextInt(8)];
        random.nextBytes(extra);
        return splice(Arrays.copyOf(b, at), extra, Arrays.copyOfRange(b, at, b.length));
      }
      case 5 -> { // keep the length prefix honest after a change, to reach the payload decoder's
        // checks
        if (b.length >= 4) {
          int n = b.length - 4;
          b[0] = (byte) (n >>> 24);
          b[1] = (byte) (n >>> 16);
          b[2] = (byte) (n >>> 8);
          b[3] = (byte) n;
        }
      }
      case 6 -> { // append another valid frame
        return splice(b, pick(), new byte[0]);
      }
      default -> { // duplicate a range
        int end = at + random.nextInt(b.length - at + 1);
        return splice(
            Arrays.copyOf(b, end),
            Arrays.copyOfRange(b, at, end),
            Arrays.copyOfRange(b, end, b.length));
      }
    }
    return b;
  }

  private static byte[] splice(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}

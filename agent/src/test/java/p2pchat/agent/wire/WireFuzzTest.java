package p2pchat.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A seeded mutation fuzzer: starts from valid frames, truncates, flips, replaces, inserts and
 * splices bytes, and feeds the result to the payload decoder and to the framing decoder in
 * random chunks. The property: the only exception is ProtocolException. Time-bounded; the
 * seed is printed in any failure, and {@code -Dfuzz.seed=N} replays it.
 */
class WireFuzzTest {
  private static final long BUDGET_NANOS = 3_000_000_000L;

  @Test
  void theDecodersThrowNothingButProtocolExceptionOnMutatedInput() {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    List<byte[]> corpus = Samples.frames().stream().map(Samples::framed).toList();
    Fuzzer fuzzer = new Fuzzer(random, corpus);
    long deadline = System.nanoTime() + BUDGET_NANOS;
    int runs = 0;
    int accepted = 0;
    int refused = 0;
    EmbeddedChannel[] connection = {new EmbeddedChannel(new FrameDecoder(4096))};
    while (System.nanoTime() < deadline) {
      byte[] input = fuzzer.next();
      runs++;
      try {
        if (input.length >= 4) {
          FrameCodec.decode(Unpooled.wrappedBuffer(input, 4, input.length - 4));
          accepted++;
        }
      } catch (ProtocolException expected) {
        refused++;
      } catch (RuntimeException e) {
        fail("seed " + seed + ", run " + runs + ": payload decoder threw " + e + " on " + Arrays.toString(input), e);
      }
      if (!feedInChunks(connection[0], input, random, seed, runs)) {
        connection[0].finishAndReleaseAll();
        connection[0] = new EmbeddedChannel(new FrameDecoder(4096)); // as after a reconnect
      }
    }
    connection[0].finishAndReleaseAll();
    LoggerFactory.getLogger(WireFuzzTest.class).info("wire fuzz: seed {}, {} inputs, {} decoded, {} refused", seed, runs, accepted, refused);
    assertThat(runs).as("runs").isGreaterThan(500);
    assertThat(accepted).as("mutations that still decode").isPositive();
    assertThat(refused).as("mutations refused").isPositive();
  }

  /** Feeds one connection; false once the decoder refused (that connection is done). */
  private static boolean feedInChunks(EmbeddedChannel channel, byte[] input, Random random, long seed, int run) {
    try {
      int at = 0;
      while (at < input.length) {
        int n = 1 + random.nextInt(input.length - at);
        channel.writeInbound(Unpooled.wrappedBuffer(input, at, n));
        at += n;
      }
      Object frame;
      while ((frame = channel.readInbound()) != null) {
        assertThat(frame).isInstanceOf(Frame.class);
      }
      return true;
    } catch (ProtocolException expected) {
      return false; // the connection would be closed here
    } catch (RuntimeException e) {
      throw new AssertionError("seed " + seed + ", run " + run + ": frame decoder threw " + e + " on " + Arrays.toString(input), e);
    }
  }

  /** Produces mutated inputs from a corpus of valid framed bytes. Not thread-safe. */
  static final class Fuzzer {
    private final Random random;
    private final List<byte[]> corpus;

    Fuzzer(Random random, List<byte[]> corpus) {
      this.random = random;
      this.corpus = corpus;
    }

    byte[] next() {
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
        case 3 -> b[at] = (byte) new int[] {0, 1, 0x7f, 0x80, 0xff}[random.nextInt(5)]; // boundary values
        case 4 -> { // insert random bytes
          byte[] extra = new byte[1 + random.nextInt(8)];
          random.nextBytes(extra);
          return splice(Arrays.copyOf(b, at), extra, Arrays.copyOfRange(b, at, b.length));
        }
        case 5 -> { // keep the length prefix honest after a change, to reach the payload decoder's checks
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
          return splice(Arrays.copyOf(b, end), Arrays.copyOfRange(b, at, end), Arrays.copyOfRange(b, end, b.length));
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
}

package p2pchat.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A seeded mutation fuzzer: starts from valid frames, truncates, flips, replaces, inserts and
 * splices bytes, and feeds the result to the payload decoder and to the framing decoder in random
 * chunks. The property: the only exception is ProtocolException. Time-bounded; the seed is printed
 * in any failure, and {@code -Dfuzz.seed=N} replays it.
 */
class WireFuzzTest {
  private static final long BUDGET_NANOS = 3_000_000_000L;

  @Test
  void theDecodersThrowNothingButProtocolExceptionOnMutatedInput() {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    List<byte[]> corpus = Samples.frames().stream().map(Samples::framed).toList();
    MutationFuzzer fuzzer = new MutationFuzzer(random, corpus);
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
        fail(
            "seed "
                + seed
                + ", run "
                + runs
                + ": payload decoder threw "
                + e
                + " on "
                + Arrays.toString(input),
            e);
      }
      if (!feedInChunks(connection[0], input, random, seed, runs)) {
        connection[0].finishAndReleaseAll();
        connection[0] = new EmbeddedChannel(new FrameDecoder(4096)); // as after a reconnect
      }
    }
    connection[0].finishAndReleaseAll();
    LoggerFactory.getLogger(WireFuzzTest.class)
        .info(
            "wire fuzz: seed {}, {} inputs, {} decoded, {} refused", seed, runs, accepted, refused);
    assertThat(runs).as("runs").isGreaterThan(500);
    assertThat(accepted).as("mutations that still decode").isPositive();
    assertThat(refused).as("mutations refused").isPositive();
  }

  /** Feeds one connection; false once the decoder refused (that connection is done). */
  private static boolean feedInChunks(
      EmbeddedChannel channel, byte[] input, Random random, long seed, int run) {
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
      throw new AssertionError(
          "seed "
              + seed
              + ", run "
              + run
              + ": frame decoder threw "
              + e
              + " on "
              + Arrays.toString(input),
          e);
    }
  }
}

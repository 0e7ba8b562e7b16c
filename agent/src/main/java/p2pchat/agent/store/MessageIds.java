package p2pchat.agent.store;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Makes message ids: UUIDv7 layout (48-bit epoch ms, version 7, a 12-bit counter, 62 random bits),
 * so ids sort by creation time and strictly increase for one generator even within a millisecond.
 * Globally unique through the random bits. Not thread-safe: the store's writer thread owns one.
 */
final class MessageIds {
  private final SplittableRandom random = new SplittableRandom(new SecureRandom().nextLong());
  private long lastMillis = -1;
  private int counter;

  String next(long nowMillis) {
    long millis = Math.max(nowMillis, lastMillis);
    if (millis == lastMillis) {
      counter++;
      if (counter > 0xFFF) { // 4,096 ids in one millisecond: borrow the next one
        millis++;
        counter = 0;
      }
    } else {
      counter = 0;
    }
    lastMillis = millis;
    long msb = (millis << 16) | 0x7000L | counter;
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb).toString();
  }
}

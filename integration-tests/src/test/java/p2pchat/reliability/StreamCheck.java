package p2pchat.reliability;

import java.util.BitSet;

/**
 * The outcome of a stream {@code m1..mN} as the receiver stored it: how many were lost (never
 * stored), duplicated (stored more than once) and reordered (stored after a later one). Feed the
 * texts in storage order. Not thread-safe.
 */
final class StreamCheck {
  private final int total;
  private final BitSet seen = new BitSet();
  private long stored;
  private long duplicated;
  private long reordered;
  private long unexpected;
  private int highest;

  StreamCheck(int total) {
    this.total = total;
  }

  void add(String text) {
    stored++;
    int n;
    try {
      n = text.startsWith("m") ? Integer.parseInt(text.substring(1)) : -1;
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > total) {
      unexpected++;
      return;
    }
    if (seen.get(n)) {
      duplicated++;
      return;
    }
    seen.set(n);
    if (n < highest) {
      reordered++;
    }
    highest = Math.max(highest, n);
  }

  long lost() {
    return total - seen.cardinality();
  }

  long duplicated() {
    return duplicated;
  }

  long reordered() {
    return reordered;
  }

  /** Texts that are not part of the stream at all. */
  long unexpected() {
    return unexpected;
  }

  long stored() {
    return stored;
  }

  String summary(int trials) {
    return String.format(
        "crash torture: %d trials, %d messages, %d lost, %d duplicated, %d reordered",
        trials, total, lost(), duplicated(), reordered());
  }
}

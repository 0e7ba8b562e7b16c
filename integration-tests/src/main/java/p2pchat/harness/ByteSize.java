package p2pchat.harness;

/**
 * A number of bytes in a scenario: {@code 64.kb} (64 × 1024), {@code 1.mb}, {@code 512.bytes}; a
 * link's bandwidth is one of these a second. Immutable.
 */
public record ByteSize(long bytes) {
  public ByteSize {
    if (bytes < 0) {
      throw new ScenarioError("a size cannot be negative: " + bytes, "64.kb");
    }
  }

  @Override
  public String toString() {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    return bytes >= 1024 && bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
  }
}

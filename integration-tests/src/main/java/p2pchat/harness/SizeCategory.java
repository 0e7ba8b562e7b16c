package p2pchat.harness;

/**
 * The Groovy category behind size literals in scenarios ({@code 64.kb}, {@code 1.mb}, {@code
 * 512.bytes}), applied with {@link DurationCategory} while a scenario file runs. Stateless.
 */
public final class SizeCategory {
  private SizeCategory() {}

  /** {@code 64.kb}: 64 × 1024 bytes (a link's bandwidth a second). */
  public static ByteSize getKb(Number n) {
    return new ByteSize(Math.round(n.doubleValue() * 1024));
  }

  public static ByteSize getMb(Number n) {
    return new ByteSize(Math.round(n.doubleValue() * 1024 * 1024));
  }

  public static ByteSize getBytes(Number n) {
    return new ByteSize(n.longValue());
  }
}

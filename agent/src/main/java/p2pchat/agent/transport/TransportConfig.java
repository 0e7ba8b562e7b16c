package p2pchat.agent.transport;

import java.time.Duration;
import java.util.Objects;
import p2pchat.agent.common.RecordCopies;

/**
 * Settings of one {@link Transport}. Immutable and thread-safe.
 *
 * @param window messages sent but not yet acknowledged, at most, per outbound link
 * @param maxFrameBytes largest frame accepted or sent; a bigger length closes the connection
 * @param handshakeTimeout a connection that has not completed the handshake by then is closed (also
 *     the TCP connect timeout)
 * @param idleTimeout an outbound link with nothing to send closes after this long; one waiting this
 *     long for an ACK is considered stuck and reconnects; an inbound connection that sent nothing
 *     for this long (and has no batch being committed) is closed
 * @param backoffMin first reconnect delay; doubles per failed attempt, with jitter
 * @param backoffMax reconnect delay cap
 * @param maxInboundConnections inbound connections open at once, handshaking or not; more are
 *     closed on accept
 * @param recordLimit sealed records per direction of one connection before it closes and the link
 *     reconnects with new keys (so a nonce never repeats)
 * @param sealed true (always, but for a benchmark's plaintext baseline): every frame after the
 *     handshake is sealed; false sends them in the clear after the same handshake, and both ends
 *     must agree (a sealed end closes an unsealed link at its first record)
 */
public record TransportConfig(
    int window,
    int maxFrameBytes,
    Duration handshakeTimeout,
    Duration idleTimeout,
    Duration backoffMin,
    Duration backoffMax,
    int maxInboundConnections,
    long recordLimit,
    boolean sealed) {

  /** Set (to true) only to measure the plaintext baseline of the benchmark: see {@link #sealed}. */
  public static final String UNSEALED_PROPERTY = "p2pchat.bench.unsealedLinks";

  public TransportConfig {
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(backoffMin, "backoffMin");
    Objects.requireNonNull(backoffMax, "backoffMax");
    check(window >= 1, "window must be at least 1: %s", window);
    check(maxFrameBytes >= 1024, "maxFrameBytes must be at least 1024: %s", maxFrameBytes);
    check(positive(handshakeTimeout), "handshakeTimeout must be positive: %s", handshakeTimeout);
    check(positive(idleTimeout), "idleTimeout must be positive: %s", idleTimeout);
    check(positive(backoffMin), "backoffMin must be positive: %s", backoffMin);
    check(
        backoffMax.compareTo(backoffMin) >= 0,
        "backoffMax must be at least backoffMin: %s",
        backoffMax);
    check(
        maxInboundConnections >= 1,
        "maxInboundConnections must be at least 1: %s",
        maxInboundConnections);
    check(recordLimit >= 16, "recordLimit must be at least 16: %s", recordLimit);
  }

  /**
   * Window 1024, 1 MiB frames, 5 s handshake, 30 s idle, backoff 50 ms to 2 s, 1024 inbound
   * connections, 2^60 records per connection.
   */
  public static TransportConfig defaults() {
    return new TransportConfig(
        1024,
        1 << 20,
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofMillis(50),
        Duration.ofSeconds(2),
        1024,
        p2pchat.agent.wire.RecordCipher.DEFAULT_RECORD_LIMIT,
        !Boolean.getBoolean(UNSEALED_PROPERTY));
  }

  public TransportConfig withHandshakeTimeout(Duration value) {
    return RecordCopies.with(this, "handshakeTimeout", value);
  }

  public TransportConfig withIdleTimeout(Duration value) {
    return RecordCopies.with(this, "idleTimeout", value);
  }

  public TransportConfig withMaxInboundConnections(int value) {
    return RecordCopies.with(this, "maxInboundConnections", value);
  }

  public TransportConfig withWindow(int value) {
    return RecordCopies.with(this, "window", value);
  }

  public TransportConfig withRecordLimit(long value) {
    return RecordCopies.with(this, "recordLimit", value);
  }

  /** The benchmark's plaintext baseline: the same handshake, frames unsealed after it. */
  public TransportConfig withUnsealedRecordsForBenchmarks() {
    return RecordCopies.with(this, "sealed", false);
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static void check(boolean ok, String template, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(template, value));
    }
  }
}

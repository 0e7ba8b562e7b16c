package p2pchat.agent.presence;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import p2pchat.agent.common.RecordCopies;

/**
 * How an agent talks to the registry: where it is, how often to heartbeat, how long one long-poll
 * on {@code changes} may wait, the retry backoff bounds while the registry does not answer, and the
 * timeout of each ordinary request. Immutable.
 *
 * @param discovery the registry tried first: {@code registries.get(0)}
 * @param registries every instance of the registry, in the order they are tried (failover)
 * @param registrationToken sent with registrations as {@code X-P2P-Registration-Token}, for a
 *     registry whose policy is {@code token}; null for none
 */
public record PresenceConfig(
    URI discovery,
    Duration heartbeat,
    Duration longPollWait,
    Duration retryMin,
    Duration retryMax,
    Duration requestTimeout,
    List<URI> registries,
    String registrationToken) {

  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_LONG_POLL_WAIT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RETRY_MIN = Duration.ofMillis(100);
  public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(2);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);

  public PresenceConfig {
    Objects.requireNonNull(discovery, "discovery");
    registries =
        registries == null || registries.isEmpty() ? List.of(discovery) : List.copyOf(registries);
    if (!registries.get(0).equals(discovery)) {
      throw new IllegalArgumentException(
          "discovery must be the first of the registries: " + discovery + " vs " + registries);
    }
    for (URI r : registries) {
      if (!"http".equals(r.getScheme()) && !"https".equals(r.getScheme())) {
        throw new IllegalArgumentException("discovery must be an http:// or https:// URL: " + r);
      }
    }
    positive("heartbeat", heartbeat);
    positive("longPollWait", longPollWait);
    positive("retryMin", retryMin);
    positive("retryMax", retryMax);
    positive("requestTimeout", requestTimeout);
    if (retryMax.compareTo(retryMin) < 0) {
      throw new IllegalArgumentException(
          "retryMax must not be below retryMin: " + retryMax + " < " + retryMin);
    }
  }

  /** Several instances of one registry, tried in this order. */
  public PresenceConfig(
      List<URI> registries,
      Duration heartbeat,
      Duration longPollWait,
      Duration retryMin,
      Duration retryMax) {
    this(
        registries.get(0),
        heartbeat,
        longPollWait,
        retryMin,
        retryMax,
        DEFAULT_REQUEST_TIMEOUT,
        registries,
        null);
  }

  /**
   * How long one request to one instance may take: with several instances, at most a heartbeat
   * period, so that a hung instance is left in time for the next heartbeat to land elsewhere before
   * the lease (several heartbeats long) runs out.
   */
  public Duration attemptTimeout() {
    return registries.size() > 1 && heartbeat.compareTo(requestTimeout) < 0
        ? heartbeat
        : requestTimeout;
  }

  public PresenceConfig withRegistries(List<URI> all) {
    return RecordCopies.with(this, "discovery", all.get(0), "registries", all);
  }

  /**
   * Defaults of docs/registry-api.md: heartbeat 1 s, long-poll 30 s, retries 100 ms..2 s, requests
   * 2 s.
   */
  public static PresenceConfig defaults(URI discovery) {
    return new PresenceConfig(
        discovery,
        DEFAULT_HEARTBEAT,
        DEFAULT_LONG_POLL_WAIT,
        DEFAULT_RETRY_MIN,
        DEFAULT_RETRY_MAX,
        DEFAULT_REQUEST_TIMEOUT,
        List.of(discovery),
        null);
  }

  public PresenceConfig withHeartbeat(Duration value) {
    return RecordCopies.with(this, "heartbeat", value);
  }

  public PresenceConfig withLongPollWait(Duration value) {
    return RecordCopies.with(this, "longPollWait", value);
  }

  public PresenceConfig withRetry(Duration min, Duration max) {
    return RecordCopies.with(this, "retryMin", min, "retryMax", max);
  }

  public PresenceConfig withRequestTimeout(Duration value) {
    return RecordCopies.with(this, "requestTimeout", value);
  }

  public PresenceConfig withRegistrationToken(String token) {
    return RecordCopies.with(this, "registrationToken", token);
  }

  private static void positive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
  }
}

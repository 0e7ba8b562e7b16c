package p2pchat.agent.http;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs requests refused for a missing or wrong token at most once a minute: the first at once, the
 * ones after it counted and reported in the next line a minute or more later, so a client that
 * keeps trying cannot fill the log. Thread-safe.
 */
final class Refusals {
  private static final Logger log = LoggerFactory.getLogger(Refusals.class);
  static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final LongSupplier nanoClock;
  private long lastLogged;
  private boolean loggedAny;
  private long unlogged;

  Refusals(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** One refused request: {@code what} like {@code GET /metrics from 127.0.0.1: no token}. */
  void refused(String what) {
    long now = nanoClock.getAsLong();
    long skipped;
    synchronized (this) {
      if (loggedAny && now - lastLogged < INTERVAL_NANOS) {
        unlogged++;
        return;
      }
      skipped = unlogged;
      unlogged = 0;
      loggedAny = true;
      lastLogged = now;
    }
    if (skipped == 0) {
      log.warn(
          "HTTP request refused (401), {}; send 'Authorization: Bearer TOKEN' with the token of"
              + " --http-token-file or the data directory's http-token (further refusals are"
              + " logged once a minute)",
          what);
    } else {
      log.warn(
          "{} more HTTP requests refused (401) for a missing or wrong token in the last minute;"
              + " the latest: {}",
          skipped + 1,
          what);
    }
  }
}

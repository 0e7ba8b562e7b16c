package p2pchat.agent.presence;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.presence.RegistryJson.Changes;
import p2pchat.agent.presence.RegistryJson.PeerList;

/**
 * Keeps the peer cache in step with the registry: a full list first (GET /v1/peers, version V),
 * then long-polls GET /v1/peers/changes?since=V one after another, never holding a thread while
 * waiting. After any failure, or when the registry's version goes backwards or it asks for a reset,
 * the next step is a full list again. Thread-safe; one request in flight at a time.
 */
final class Watch extends RegistryLoop {
  private static final Logger log = LoggerFactory.getLogger(Watch.class);

  private final PeerSink cache;
  private final Duration wait;
  private final Duration retryMin;
  private long version; // guarded by this
  private boolean synced; // guarded by this
  private boolean everSynced; // guarded by this

  Watch(PeerSink cache, Parts parts) {
    super(parts);
    this.cache = cache;
    this.wait = parts.config().longPollWait();
    this.retryMin = parts.config().retryMin();
  }

  void start() {
    pacer.now();
  }

  void stop() {
    pacer.stop();
  }

  /** True once a full list has been applied since start. */
  synchronized boolean synced() {
    return everSynced;
  }

  @Override
  void step() {
    boolean full;
    long since;
    synchronized (this) {
      full = !synced;
      since = version;
    }
    guarded(
        () -> {
          if (full) {
            client
                .peers()
                .whenComplete((list, e) -> mdc.run(() -> guarded(() -> afterList(list, e))));
          } else {
            long sentAt = System.nanoTime();
            client
                .changes(since, wait)
                .whenComplete(
                    (c, e) -> mdc.run(() -> guarded(() -> afterChanges(since, sentAt, c, e))));
          }
        });
  }

  /** After a bug the watch lists every peer again: what it missed is not known. */
  @Override
  void stepFailed(RuntimeException bug) {
    log.error("presence watch step failed; retrying", bug);
    resync();
  }

  private void afterList(PeerList list, Throwable failure) {
    if (!answered(failure)) {
      return;
    }
    boolean first;
    synchronized (this) {
      first = !everSynced;
      everSynced = true;
      synced = true;
      version = list.version();
      backoff.reset();
    }
    cache.replaceAll(list.peers(), first);
    log.debug("registry lists {} peers at version {}", list.peers().size(), list.version());
    pacer.now();
  }

  private void afterChanges(long since, long sentAt, Changes changes, Throwable failure) {
    if (!answered(failure)) {
      return;
    }
    if (changes.version() < since || changes.resetRequested()) {
      log.info(
          "registry version went from {} to {}{}; reading the full list again",
          since,
          changes.version(),
          changes.resetRequested() ? " (reset)" : "");
      resync();
      pacer.now();
      return;
    }
    changes.changes().forEach(cache::apply);
    synchronized (this) {
      version = Math.max(version, changes.version());
      backoff.reset();
    }
    boolean early =
        changes.changes().isEmpty()
            && Duration.ofNanos(System.nanoTime() - sentAt).compareTo(wait.dividedBy(2)) < 0;
    // An empty answer long before the wait is over means the registry does not block; do not spin.
    pacer.after(early ? retryMin : Duration.ZERO, false);
  }

  /**
   * True if the watch runs on with the registry's answer; false if it stopped or the request failed
   * (then handled here).
   */
  private boolean answered(Throwable failure) {
    if (pacer.stopped()) {
      return false;
    }
    if (failure != null) {
      failed(failure);
      return false;
    }
    reachability.up();
    return true;
  }

  private void failed(Throwable failure) {
    RegistryException e = RegistryException.of(failure);
    resync();
    Duration delay = nextDelay();
    String tls = e.tlsProblem(client.base());
    if (tls != null) {
      // The registration loop says it, once, under the agent's name; the shared watch only retries.
      log.debug("{}; the watch retries in {} ms", tls, delay.toMillis());
    } else if (e.unreachable()) {
      reachability.down(e);
    } else {
      reachability.up();
      log.warn(
          "registry {} refused the watch ({} {}); reading the full list again in {} ms",
          client.base(),
          e.status(),
          e.getMessage(),
          delay.toMillis());
    }
    pacer.after(delay, true);
  }

  private synchronized void resync() {
    synced = false;
  }
}

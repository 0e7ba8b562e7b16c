package p2pchat.agent.presence;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the registry answers, as seen by both presence loops. Logs one WARN line when it stops
 * answering and one INFO line when it is back, tells the listener, and on recovery wakes loops that
 * are waiting out a backoff. Thread-safe.
 */
final class Reachability {
  private static final Logger log = LoggerFactory.getLogger(Reachability.class);

  private final String registry;
  private final PresenceListener listener;
  private final boolean logs;
  private final List<Runnable> onRecovery = new ArrayList<>(); // guarded by this
  private Boolean reachable; // null until the first answer or failure; guarded by this

  Reachability(String registry, PresenceListener listener) {
    this(registry, listener, true);
  }

  /**
   * With {@code logs} false it only tells the listener (which passes it on to loggers of its own).
   */
  Reachability(String registry, PresenceListener listener, boolean logs) {
    this.registry = registry;
    this.listener = listener;
    this.logs = logs;
  }

  synchronized void onRecovery(Runnable wake) {
    onRecovery.add(wake);
  }

  boolean reachable() {
    synchronized (this) {
      return Boolean.TRUE.equals(reachable);
    }
  }

  void up() {
    List<Runnable> wakes;
    boolean wasDown;
    synchronized (this) {
      if (Boolean.TRUE.equals(reachable)) {
        return;
      }
      wasDown = Boolean.FALSE.equals(reachable);
      reachable = true;
      wakes = List.copyOf(onRecovery);
      if (wasDown && logs) {
        log.info("registry {} reachable again", registry);
      }
      tell(true);
    }
    if (wasDown) {
      wakes.forEach(Runnable::run);
    }
  }

  void down(RegistryException why) {
    synchronized (this) {
      if (Boolean.FALSE.equals(reachable)) {
        log.debug("registry {} still unreachable: {}", registry, why.getMessage());
        return;
      }
      reachable = false;
      if (logs) {
        log.warn("registry {} unreachable; retrying", registry);
        log.debug(
            "registry {} unreachable because: {}", registry, why.getMessage(), why.getCause());
      }
      tell(false);
    }
  }

  private void tell(boolean now) {
    try {
      listener.registryReachable(now);
    } catch (RuntimeException e) {
      log.warn("presence listener failed on registryReachable({}): {}", now, e.toString(), e);
    }
  }
}

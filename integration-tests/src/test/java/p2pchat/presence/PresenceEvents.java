package p2pchat.presence;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import p2pchat.agent.presence.PresenceListener;
import p2pchat.agent.presence.RegistryPeer;

/**
 * Records what a Presence tells its agent, with the time each status was first seen. Thread-safe.
 */
final class PresenceEvents implements PresenceListener {
  private final List<String> changes = new CopyOnWriteArrayList<>();
  private final List<Boolean> reachable = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final Map<String, Long> firstNanos = new ConcurrentHashMap<>();

  @Override
  public void peerChanged(RegistryPeer before, RegistryPeer now) {
    try {
      firstNanos.putIfAbsent(now.name() + "/" + now.status(), System.nanoTime());
      changes.add(
          now.name() + ": " + (before == null ? null : before.status()) + " -> " + now.status());
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  @Override
  public void registryReachable(boolean up) {
    reachable.add(up);
  }

  Long firstNanos(String name, String status) {
    return firstNanos.get(name + "/" + status);
  }

  List<String> changes() {
    return List.copyOf(changes);
  }

  List<Boolean> reachable() {
    return List.copyOf(reachable);
  }

  List<Throwable> failures() {
    return List.copyOf(failures);
  }
}

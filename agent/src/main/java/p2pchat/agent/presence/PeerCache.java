package p2pchat.agent.presence;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.PeerInfo;

/**
 * The last known record of every peer, and the one place that tells the listener about changes, one
 * call at a time and in the order they were applied. Reads are lock-free; updates are serialized.
 * Thread-safe.
 */
final class PeerCache implements PeerSink {
  private static final Logger log = LoggerFactory.getLogger(PeerCache.class);

  private final Map<String, RegistryPeer> peers = new ConcurrentHashMap<>();
  private final PresenceListener listener;

  PeerCache(PresenceListener listener) {
    this.listener = listener;
  }

  Optional<RegistryPeer> get(String name) {
    return Optional.ofNullable(peers.get(name));
  }

  List<RegistryPeer> all() {
    return peers.values().stream().sorted(Comparator.comparing(RegistryPeer::name)).toList();
  }

  /** Records from disk, known before the registry answers; the listener is not told. */
  synchronized void seed(Collection<RegistryPeer> known) {
    for (RegistryPeer r : known) {
      peers.putIfAbsent(r.name(), r);
    }
  }

  /** One change from the registry's watch. */
  @Override
  public synchronized void apply(RegistryPeer now) {
    RegistryPeer before = peers.put(now.name(), now);
    if (!now.equals(before)) {
      tell(before, now);
    }
  }

  /**
   * A record looked up by name; kept only if no fresher one arrived through the watch meanwhile.
   */
  synchronized void offer(RegistryPeer now) {
    if (peers.putIfAbsent(now.name(), now) == null) {
      tell(null, now);
    }
  }

  /**
   * The registry's full list. With {@code tellAll} (the first list after start) every record is
   * reported, else only the changed ones. A peer the list no longer has (the registry lost its
   * state, or the account was deleted) is kept with its address and key but, if it was online,
   * marked unreachable: nobody vouches for it any more.
   */
  @Override
  public synchronized void replaceAll(List<RegistryPeer> list, boolean tellAll) {
    Set<String> listed = new HashSet<>();
    for (RegistryPeer now : list) {
      listed.add(now.name());
      RegistryPeer before = peers.put(now.name(), now);
      if (tellAll || !now.equals(before)) {
        tell(before, now);
      }
    }
    for (RegistryPeer before : List.copyOf(peers.values())) {
      if (!listed.contains(before.name()) && before.online()) {
        RegistryPeer now = before.withStatus(PeerInfo.UNREACHABLE);
        peers.put(now.name(), now);
        tell(before, now);
      }
    }
  }

  private void tell(RegistryPeer before, RegistryPeer now) {
    if (log.isDebugEnabled()
        && (before == null || !Objects.equals(before.status(), now.status()))) {
      log.debug("peer {} is {} at {}:{}", now.name(), now.status(), now.host(), now.port());
    }
    try {
      listener.peerChanged(before, now);
    } catch (RuntimeException e) {
      log.warn("presence listener failed on peerChanged({}): {}", now.name(), e.toString(), e);
    }
  }
}

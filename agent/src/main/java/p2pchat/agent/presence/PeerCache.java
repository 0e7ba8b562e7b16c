package p2pchat.agent.presence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.PeerInfo;

/**
 * One agent's knowledge of the peers, and the one place that tells its listener about changes, one
 * call at a time and in the order they were applied. What the registry's watch says lives in the
 * view the {@link PresenceHub} shares between all the agents of a process (one record per peer,
 * however many agents: five thousand agents would otherwise hold 25 million copies); this cache
 * holds only what the view lacks — peers seeded from disk and peers looked up by name before the
 * watch listed them — and tells the listener only about peers it {@link PresenceListener#cares
 * cares} about. Reads are lock-free; updates are serialized. Thread-safe.
 */
final class PeerCache {
  private static final Logger log = LoggerFactory.getLogger(PeerCache.class);
  private static final Comparator<Change> BY_NAME = Comparator.comparing(c -> c.now().name());

  /** Names the view lacks: seeds from disk, lookups. A name the view gets leaves this map. */
  private final Map<String, RegistryPeer> local = new ConcurrentHashMap<>();

  private final PresenceListener listener;
  private volatile Map<String, RegistryPeer> view = Map.of(); // the hub's, once subscribed

  /** Where this cache's interests go: the hub's index of who hears of which peer. */
  interface Interests {
    /** From now on {@code cache} hears of changes to {@code peer}. */
    void peer(PeerCache cache, String peer);

    /** From now on {@code cache} hears of every change. */
    void every(PeerCache cache);
  }

  private volatile Interests interests;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private volatile boolean everyPeer;

  /** One record replacing another ({@code before} null for a peer not known before). */
  record Change(RegistryPeer before, RegistryPeer now) {}

  PeerCache(PresenceListener listener) {
    this.listener = listener;
  }

  Optional<RegistryPeer> get(String name) {
    RegistryPeer r = view.get(name);
    return Optional.ofNullable(r != null ? r : local.get(name));
  }

  /** Every peer known, sorted by name. */
  List<RegistryPeer> all() {
    Map<String, RegistryPeer> all = new TreeMap<>(local);
    all.putAll(view);
    return List.copyOf(all.values());
  }

  /** Records from disk, known before the registry answers; the listener is not told. */
  synchronized void seed(Collection<RegistryPeer> known) {
    for (RegistryPeer r : known) {
      if (!view.containsKey(r.name())) {
        local.putIfAbsent(r.name(), r);
      }
    }
  }

  /**
   * A record looked up by name; kept only if no fresher one arrived through the watch meanwhile.
   */
  synchronized void offer(RegistryPeer now) {
    if (!view.containsKey(now.name()) && local.putIfAbsent(now.name(), now) == null) {
      tell(null, now);
    }
  }

  /**
   * From now on the records of {@code shared} (the hub's view) count; told under the hub's lock, so
   * nothing the view changes is missed or told twice. Unless the view is still empty (then the
   * watch's first list tells all), every record is told as a first list would be.
   */
  synchronized void attach(Map<String, RegistryPeer> shared, Interests interests) {
    this.view = shared;
    this.interests = interests;
    Collection<String> cared = listenFor();
    if (shared.isEmpty()) {
      return;
    }
    List<Change> all = new ArrayList<>();
    if (cared == null) {
      shared.values().forEach(now -> all.add(new Change(null, now)));
    } else {
      for (String name : cared) { // not the whole view: 5,000 agents joining 5,000 peers each
        RegistryPeer now = shared.get(name);
        if (now != null) {
          all.add(new Change(null, now));
        }
      }
    }
    replaced(all, shared.keySet(), true);
    local.keySet().removeIf(shared::containsKey); // the view's records count from now on
  }

  /**
   * Tells the hub whom this cache wants to hear of now: every peer, or those its listener lists
   * (added to those it listed before; a peer it stopped caring about costs a {@code cares} call per
   * change). Returns the list, null for every peer. Cheap when nothing changed; called at attach,
   * by the agent's once-a-second sweep, and before the agent wakes a peer's link.
   */
  Collection<String> listenFor() {
    Interests to = interests;
    if (to == null || everyPeer) {
      return null;
    }
    Collection<String> cared = listener.caredPeers();
    if (cared == null) {
      everyPeer = true;
      to.every(this);
      return null;
    }
    cared.forEach(this::listenFor);
    return cared;
  }

  /** The peers this cache listed with the hub. */
  Set<String> listensFor() {
    return registered;
  }

  /** As above for one peer the agent is about to reach. */
  void listenFor(String peer) {
    Interests to = interests;
    if (to != null && !everyPeer && registered.add(peer)) {
      to.peer(this, peer);
    }
  }

  /**
   * The view took one new record; {@code before} is what it held. Told if it differs from what this
   * agent knew (or {@code force}, the first list) and the listener cares.
   */
  synchronized void changed(RegistryPeer before, RegistryPeer now, boolean force) {
    RegistryPeer mine = local.remove(now.name());
    RegistryPeer known = before != null ? before : mine;
    if ((force || !now.equals(known)) && listener.cares(now.name())) {
      tell(known, now);
    }
  }

  /**
   * The view took the registry's full list ({@code changes}, its names {@code listed}). A peer this
   * agent alone knew as online that the list lacks is marked unreachable: nobody vouches for it.
   */
  synchronized void replaced(List<Change> changes, Set<String> listed, boolean force) {
    List<Change> told = new ArrayList<>();
    for (Change c : changes) {
      RegistryPeer mine = local.isEmpty() ? null : local.remove(c.now().name());
      RegistryPeer known = c.before() != null ? c.before() : mine;
      if ((force || !c.now().equals(known)) && listener.cares(c.now().name())) {
        told.add(new Change(known, c.now()));
      }
    }
    for (RegistryPeer before : List.copyOf(local.values())) {
      if (!listed.contains(before.name()) && before.online()) {
        RegistryPeer now = before.withStatus(PeerInfo.UNREACHABLE);
        local.put(now.name(), now);
        if (listener.cares(now.name())) {
          told.add(new Change(before, now));
        }
      }
    }
    told.sort(BY_NAME);
    told.forEach(c -> tell(c.before(), c.now()));
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

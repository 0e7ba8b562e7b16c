package p2pchat.agent.delivery;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.presence.RegistryPeer;
import p2pchat.agent.store.RememberedPeer;
import p2pchat.agent.store.Store;

/**
 * The address and key of each peer this agent talks to, kept on disk so that it can reach them
 * after a restart with the registry down. Only those: saving every peer of a large registry, in
 * every agent, each time one comes online, would cost one commit per agent per change. Thread-safe.
 */
public final class PeerMemory {
  private final Store store;
  private final Map<String, RememberedPeer> remembered = new ConcurrentHashMap<>(); // as saved

  public PeerMemory(Store store) {
    this.store = store;
  }

  /**
   * Reads the remembered peers that have an address, as records to seed presence with: unreachable
   * until the registry says otherwise.
   */
  public List<RegistryPeer> load() {
    List<RememberedPeer> known =
        store.knownPeers().stream().filter(k -> k.host() != null && k.port() != null).toList();
    known.forEach(k -> remembered.put(k.name(), k));
    return known.stream()
        .map(
            k ->
                new RegistryPeer(
                    k.name(), k.publicKey(), k.host(), k.port(), PeerInfo.UNREACHABLE, null, 0))
        .toList();
  }

  /** The peers this agent talks to (a live, read-only view). */
  public Set<String> names() {
    return Collections.unmodifiableSet(remembered.keySet());
  }

  /** Whether {@code name} is one of the peers this agent talks to. */
  public boolean remembers(String name) {
    return remembered.containsKey(name);
  }

  /** Remembers {@code peer}'s address and key, writing them only when they changed. */
  public void remember(RegistryPeer peer) {
    if (peer.host() == null) {
      return;
    }
    RememberedPeer now =
        new RememberedPeer(
            peer.name(), peer.publicKey(), peer.host(), peer.port(), System.currentTimeMillis());
    RememberedPeer before = remembered.put(peer.name(), now);
    boolean changed =
        before == null
            || !Objects.equals(before.port(), now.port())
            || !now.host().equals(before.host())
            || !now.publicKey().equals(before.publicKey());
    if (changed) {
      store.savePeer(now);
    }
  }
}

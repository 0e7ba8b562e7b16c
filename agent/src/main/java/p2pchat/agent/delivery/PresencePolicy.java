package p2pchat.agent.delivery;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import p2pchat.agent.AgentEvent;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.presence.PresenceListener;
import p2pchat.agent.presence.RegistryPeer;

/**
 * What an agent does with registry news: wakes a peer's outbox the moment it turns online (or
 * moves, or restarts) if messages wait for it, raises online/offline events for the behavior,
 * refreshes the peer memory and tells the listeners. It cares about a peer it has messages for,
 * remembers, or shares a room with, and about every peer when the behavior or a listener wants to
 * hear of each (see {@link PresenceListener#cares}). Thread-safe as far as the consumers it is
 * given are; called on presence's threads.
 */
public final class PresencePolicy implements PresenceListener {
  private final String self;
  private final Predicate<String> mayHavePending;
  private final Consumer<String> wake;
  private final Consumer<AgentEvent> events;
  private final PeerMemory memory;
  private final Consumer<PeerInfo> changed;
  private final BooleanSupplier everyPeer;
  private final Predicate<String> roomMember;
  private final Supplier<Collection<String>> listable;

  /**
   * @param everyPeer whether the behavior or a listener wants to hear of every peer now
   * @param roomMember whether a peer is in one of this agent's rooms
   * @param listable the peers {@code mayHavePending} or {@code roomMember} may be true for
   */
  public PresencePolicy(
      String self,
      Predicate<String> mayHavePending,
      Consumer<String> wake,
      Consumer<AgentEvent> events,
      PeerMemory memory,
      Consumer<PeerInfo> changed,
      BooleanSupplier everyPeer,
      Predicate<String> roomMember,
      Supplier<Collection<String>> listable) {
    this.self = self;
    this.listable = listable;
    this.everyPeer = everyPeer;
    this.roomMember = roomMember;
    this.mayHavePending = mayHavePending;
    this.wake = wake;
    this.events = events;
    this.memory = memory;
    this.changed = changed;
  }

  @Override
  public boolean cares(String peer) {
    return !peer.equals(self)
        && (everyPeer.getAsBoolean()
            || mayHavePending.test(peer)
            || memory.remembers(peer)
            || roomMember.test(peer));
  }

  @Override
  public Collection<String> caredPeers() {
    if (everyPeer.getAsBoolean()) {
      return null;
    }
    Set<String> peers = new HashSet<>(memory.names());
    peers.addAll(listable.get());
    return peers;
  }

  @Override
  public void peerChanged(RegistryPeer before, RegistryPeer now) {
    if (now.name().equals(self)) {
      return;
    }
    boolean wasOnline = before != null && before.online();
    boolean isOnline = now.online();
    boolean moved =
        before != null && (before.port() != now.port() || !before.host().equals(now.host()));
    boolean restarted =
        before != null && before.epoch() != now.epoch(); // a crash and restart within its lease
    // Only a peer with messages waiting gets its outbox woken: a thousand agents in one JVM
    // would otherwise each open a link to every peer that comes online.
    if (isOnline && (!wasOnline || moved || restarted) && mayHavePending.test(now.name())) {
      wake.accept(now.name());
    }
    if (isOnline != wasOnline) {
      events.accept(
          isOnline
              ? new AgentEvent.PeerOnline(now.name())
              : new AgentEvent.PeerOffline(now.name(), now.status()));
    }
    if (memory.remembers(now.name())) {
      memory.remember(now);
    }
    changed.accept(now.info());
  }
}

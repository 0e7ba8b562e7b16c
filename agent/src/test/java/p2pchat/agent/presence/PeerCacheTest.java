package p2pchat.agent.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import p2pchat.agent.PeerInfo;

/** One agent's cache over the view a process's agents share. */
class PeerCacheTest {
  private final Map<String, RegistryPeer> view = new ConcurrentHashMap<>();
  private final List<String> told = new ArrayList<>();

  private static RegistryPeer peer(String name, String status, int port) {
    return new RegistryPeer(name, "key-" + name, "127.0.0.1", port, status, null, 1);
  }

  /** A cache whose agent cares about the peers named. */
  private PeerCache caringAbout(Set<String> names) {
    return new PeerCache(
        new PresenceListener() {
          @Override
          public boolean cares(String peer) {
            return names.contains(peer);
          }

          @Override
          public void peerChanged(RegistryPeer before, RegistryPeer now) {
            told.add(
                now.name() + ":" + (before == null ? "-" : before.status()) + ">" + now.status());
          }
        });
  }

  /** What the hub does with one change: into the view, then to the cache. */
  private void apply(PeerCache cache, RegistryPeer now) {
    RegistryPeer before = view.put(now.name(), now);
    cache.changed(before, now, false);
  }

  @Test
  void anAgentIsToldOnlyOfThePeersItCaresAboutAndStillKnowsEveryOne() {
    PeerCache cache = caringAbout(Set.of("Bob"));
    cache.attach(view);
    apply(cache, peer("Ann", PeerInfo.ONLINE, 1));
    apply(cache, peer("Bob", PeerInfo.ONLINE, 2));
    apply(cache, peer("Bob", PeerInfo.AWAY, 2));

    assertThat(told).containsExactly("Bob:->online", "Bob:online>away");
    assertThat(cache.get("Ann")).map(RegistryPeer::port).contains(1);
    assertThat(cache.all()).extracting(RegistryPeer::name).containsExactly("Ann", "Bob");
  }

  @Test
  void aPeerSeededFromDiskIsToldAsItsBeforeOnceTheViewHasIt() {
    PeerCache cache = caringAbout(Set.of("Bob"));
    cache.seed(List.of(peer("Bob", PeerInfo.UNREACHABLE, 2)));
    assertThat(cache.get("Bob")).map(RegistryPeer::status).contains(PeerInfo.UNREACHABLE);
    cache.attach(view);
    apply(cache, peer("Bob", PeerInfo.ONLINE, 2));

    assertThat(told).containsExactly("Bob:unreachable>online");
    assertThat(cache.get("Bob")).map(RegistryPeer::status).contains(PeerInfo.ONLINE);
  }

  @Test
  void aLateAgentIsToldTheWholeViewItCaresAboutWhenItAttaches() {
    view.put("Ann", peer("Ann", PeerInfo.ONLINE, 1));
    view.put("Bob", peer("Bob", PeerInfo.ONLINE, 2));
    PeerCache cache = caringAbout(Set.of("Ann", "Bob"));
    cache.attach(view);

    assertThat(told).containsExactly("Ann:->online", "Bob:->online");
  }

  @Test
  void aLookupIsKeptOnlyUntilTheViewListsThePeerAndIsNotToldTwice() {
    PeerCache cache = caringAbout(Set.of("Bob"));
    cache.attach(view);
    cache.offer(peer("Bob", PeerInfo.ONLINE, 2));
    apply(cache, peer("Bob", PeerInfo.ONLINE, 2)); // the same record through the watch

    assertThat(told).containsExactly("Bob:->online");
    cache.offer(peer("Bob", PeerInfo.AWAY, 9)); // older news: the view has it
    assertThat(cache.get("Bob")).map(RegistryPeer::port).contains(2);
  }
}

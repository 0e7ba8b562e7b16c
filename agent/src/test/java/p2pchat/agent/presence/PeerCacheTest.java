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
  private final List<String> listened = new ArrayList<>();

  /** What the hub's index is told: whom each cache listens for. */
  private final PeerCache.Interests interests =
      new PeerCache.Interests() {
        @Override
        public void peer(PeerCache cache, String peer) {
          listened.add(peer);
        }

        @Override
        public void every(PeerCache cache) {
          listened.add("*");
        }
      };

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
    cache.attach(view, interests);
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
    cache.attach(view, interests);
    apply(cache, peer("Bob", PeerInfo.ONLINE, 2));

    assertThat(told).containsExactly("Bob:unreachable>online");
    assertThat(cache.get("Bob")).map(RegistryPeer::status).contains(PeerInfo.ONLINE);
  }

  @Test
  void aLateAgentThatCanListWhomItCaresAboutIsAskedOnlyAboutThoseWhenItAttaches() {
    for (int i = 0; i < 5_000; i++) {
      view.put("p" + i, peer("p" + i, PeerInfo.ONLINE, i + 1));
    }
    view.put("Bob", peer("Bob", PeerInfo.ONLINE, 2));
    List<String> asked = new ArrayList<>();
    PeerCache cache =
        new PeerCache(
            new PresenceListener() {
              @Override
              public boolean cares(String peer) {
                asked.add(peer);
                return peer.equals("Bob");
              }

              @Override
              public java.util.Collection<String> caredPeers() {
                return List.of("Bob", "Carol"); // Carol: not in the view yet
              }

              @Override
              public void peerChanged(RegistryPeer before, RegistryPeer now) {
                told.add(now.name() + ":" + now.status());
              }
            });
    cache.seed(List.of(peer("p7", PeerInfo.UNREACHABLE, 8)));
    cache.attach(view, interests);

    assertThat(told).containsExactly("Bob:online");
    assertThat(asked).containsExactly("Bob");
    assertThat(listened).as("the hub tells it of these two only").containsExactly("Bob", "Carol");
    cache.listenFor("Dan");
    cache.listenFor("Bob");
    cache.listenFor();
    assertThat(listened).as("each peer listed once").containsExactly("Bob", "Carol", "Dan");
    assertThat(cache.get("p7"))
        .as("the view's record, not the seed")
        .map(RegistryPeer::status)
        .contains(PeerInfo.ONLINE);
    assertThat(cache.all()).hasSize(5_001);
  }

  @Test
  void aLateAgentIsToldTheWholeViewItCaresAboutWhenItAttaches() {
    view.put("Ann", peer("Ann", PeerInfo.ONLINE, 1));
    view.put("Bob", peer("Bob", PeerInfo.ONLINE, 2));
    PeerCache cache = caringAbout(Set.of("Ann", "Bob"));
    cache.attach(view, interests);

    assertThat(told).containsExactly("Ann:->online", "Bob:->online");
  }

  @Test
  void aLookupIsKeptOnlyUntilTheViewListsThePeerAndIsNotToldTwice() {
    PeerCache cache = caringAbout(Set.of("Bob"));
    cache.attach(view, interests);
    cache.offer(peer("Bob", PeerInfo.ONLINE, 2));
    apply(cache, peer("Bob", PeerInfo.ONLINE, 2)); // the same record through the watch

    assertThat(told).containsExactly("Bob:->online");
    cache.offer(peer("Bob", PeerInfo.AWAY, 9)); // older news: the view has it
    assertThat(cache.get("Bob")).map(RegistryPeer::port).contains(2);
  }
}

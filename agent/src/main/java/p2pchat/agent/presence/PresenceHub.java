package p2pchat.agent.presence;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.common.AgentMdc;

/**
 * One watch of the registry's change feed per registry for all the agents of a process. Each
 * agent's own long-poll would make the registry answer every change once per agent, and every agent
 * parse it: a thousand agents starting together would be a million answers. Here the one watch
 * keeps a process-wide view, the only copy of the records (the agents' caches read it), and hands
 * each change to every subscribed agent's cache, which tells its agent only if the agent cares
 * about that peer; an agent that subscribes later is told the current view at once. The watch stops
 * when its last agent leaves. Registration and signed heartbeats stay per agent: they prove each
 * agent's own key; the cheap renewals in between share one {@link LeaseRenewer} per registry.
 * Agents that trust an https registry differently (each trust has its own HTTP client) get watches
 * of their own. Thread-safe.
 */
public final class PresenceHub {
  private final ScheduledExecutorService scheduler;
  private final Map<Registries, Shared> watches = new HashMap<>(); // guarded by this
  private final Map<Registries, LeaseRenewer> renewers = new ConcurrentHashMap<>();

  /** Each agent brings the HTTP client that trusts its registry. */
  public PresenceHub(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** The instances of one registry, and the client (so the trust) they are reached with. */
  private record Registries(List<URI> uris, HttpClient http) {}

  /** The process's one renewer of leases on {@code config}'s registry (it holds no thread). */
  LeaseRenewer renewer(PresenceConfig config, HttpClient http) {
    return renewers.computeIfAbsent(
        new Registries(config.registries(), http),
        key ->
            new LeaseRenewer(
                new RegistryClient(key.uris(), null, null, http, config.attemptTimeout()),
                scheduler,
                LeaseRenewer.lingerFor(config.heartbeat())));
  }

  /**
   * Subscribes {@code cache} to the watch of {@code config}'s registry, starting it if needed. The
   * hub's lock is held only to find the watch: telling a new cache the current view (thousands of
   * records) must not hold up other agents starting.
   */
  Subscription subscribe(
      PresenceConfig config,
      HttpClient http,
      PeerCache cache,
      Reachability reachability,
      AgentMdc mdc) {
    Registries key = new Registries(config.registries(), http);
    while (true) {
      Shared shared;
      synchronized (this) {
        shared = watches.computeIfAbsent(key, k -> new Shared(config, http));
      }
      if (shared.add(cache, reachability, mdc)) {
        return new Subscription(this, key, cache, reachability);
      }
      // its last agent left just now and it stopped: start another
      synchronized (this) {
        watches.remove(key, shared);
      }
    }
  }

  private void unsubscribe(Registries discovery, PeerCache cache, Reachability reachability) {
    Shared shared;
    synchronized (this) {
      shared = watches.get(discovery);
    }
    if (shared != null && shared.remove(cache, reachability)) {
      synchronized (this) {
        watches.remove(discovery, shared);
      }
    }
  }

  /**
   * True once the watch of {@code discovery} has applied a full list (false if nobody watches it).
   */
  private boolean synced(Registries discovery) {
    Shared shared;
    synchronized (this) {
      shared = watches.get(discovery);
    }
    return shared != null && shared.watch.synced();
  }

  /** One agent's place in a shared watch. */
  record Subscription(
      PresenceHub hub, Registries discovery, PeerCache cache, Reachability reachability) {
    boolean synced() {
      return hub.synced(discovery);
    }

    void close() {
      hub.unsubscribe(discovery, cache, reachability);
    }
  }

  /** A watch, the view it keeps, and the caches it feeds. */
  private final class Shared implements PeerSink {
    /** The one copy of the registry's records for every agent subscribed; written under it. */
    final Map<String, RegistryPeer> view = new ConcurrentHashMap<>();

    final List<PeerCache> caches = new CopyOnWriteArrayList<>();

    /**
     * Who hears of which peer: a change goes to the caches that listen for every peer and to those
     * that listed its name, not to all — with five thousand agents, each change told to each one
     * was most of the process's work while they started (docs/performance.md).
     */
    final Set<PeerCache> everyPeer = ConcurrentHashMap.newKeySet();

    final Map<String, Set<PeerCache>> byPeer = new ConcurrentHashMap<>();
    final PeerCache.Interests interests =
        new PeerCache.Interests() {
          @Override
          public void peer(PeerCache cache, String peer) {
            byPeer.computeIfAbsent(peer, k -> ConcurrentHashMap.newKeySet()).add(cache);
          }

          @Override
          public void every(PeerCache cache) {
            everyPeer.add(cache);
          }
        };
    final Map<Reachability, AgentMdc> reachabilities = new ConcurrentHashMap<>();
    boolean stopped; // guarded by view
    final RegistryClient client;
    final Watch watch;

    Shared(PresenceConfig config, HttpClient http) {
      this.client =
          new RegistryClient(config.registries(), null, null, http, config.attemptTimeout());
      // Quiet: each agent's own reachability logs, under the agent's name.
      Reachability reachability =
          new Reachability(
              client.base(),
              new PresenceListener() {
                @Override
                public void peerChanged(RegistryPeer before, RegistryPeer now) {}

                @Override
                public void registryReachable(boolean reachable) {
                  reachabilities.forEach(
                      (r, mdc) ->
                          mdc.run(
                              () -> {
                                if (reachable) {
                                  r.up();
                                } else {
                                  r.down(
                                      new RegistryException(
                                          0, null, "the change feed failed", null));
                                }
                              }));
                }
              },
              false);
      this.watch =
          new Watch(
              this,
              new RegistryLoop.Parts(
                  client, reachability, config, scheduler, new AgentMdc("presence-hub")));
      watch.start();
    }

    /**
     * Serialized with the watch's changes by the view's lock: a new cache misses nothing and sees
     * nothing twice. False if the watch has stopped (its last agent left).
     */
    boolean add(PeerCache cache, Reachability reachability, AgentMdc mdc) {
      synchronized (view) {
        if (stopped) {
          return false;
        }
        caches.add(cache);
        reachabilities.put(reachability, mdc);
        cache.attach(view, interests);
        return true;
      }
    }

    /** True if this was the last cache: the watch has stopped. */
    boolean remove(PeerCache cache, Reachability reachability) {
      synchronized (view) {
        caches.remove(cache);
        everyPeer.remove(cache);
        for (String peer : cache.listensFor()) {
          Set<PeerCache> listening = byPeer.get(peer);
          if (listening != null) {
            listening.remove(cache);
          }
        }
        reachabilities.remove(reachability);
        if (caches.isEmpty() && !stopped) {
          stopped = true;
          watch.stop();
          client.cancelLongPolls();
          return true;
        }
        return false;
      }
    }

    @Override
    public void replaceAll(List<RegistryPeer> list, boolean tellAll) {
      synchronized (view) {
        Set<String> listed = new HashSet<>();
        List<PeerCache.Change> changes = new ArrayList<>();
        for (RegistryPeer now : list) {
          listed.add(now.name());
          RegistryPeer before = view.put(now.name(), now);
          if (tellAll || !now.equals(before)) {
            changes.add(new PeerCache.Change(before, now));
          }
        }
        // A peer the list no longer has (the registry lost its state, or the account was
        // deleted) is kept with its address and key but, if it was online, marked unreachable.
        for (RegistryPeer before : List.copyOf(view.values())) {
          if (!listed.contains(before.name()) && before.online()) {
            RegistryPeer now = before.withStatus(PeerInfo.UNREACHABLE);
            view.put(now.name(), now);
            changes.add(new PeerCache.Change(before, now));
          }
        }
        Set<String> names = Collections.unmodifiableSet(listed);
        for (PeerCache c : caches) {
          c.replaced(changes, names, tellAll);
        }
      }
    }

    @Override
    public void apply(RegistryPeer now) {
      synchronized (view) {
        RegistryPeer before = view.put(now.name(), now);
        if (now.equals(before)) {
          return;
        }
        for (PeerCache c : everyPeer) {
          c.changed(before, now, false);
        }
        Set<PeerCache> listening = byPeer.get(now.name());
        if (listening != null) {
          for (PeerCache c : listening) {
            if (!everyPeer.contains(c)) {
              c.changed(before, now, false);
            }
          }
        }
      }
    }
  }
}

package p2pchat.agent.presence;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import p2pchat.agent.common.AgentMdc;

/**
 * One watch of the registry's change feed per registry for all the agents of a process. Each
 * agent's own long-poll would make the registry answer every change once per agent, and every agent
 * parse it: a thousand agents starting together would be a million answers. Here the one watch
 * keeps a process-wide view and hands each change to every subscribed agent's cache; an agent that
 * subscribes later gets the current view at once. The watch stops when its last agent leaves.
 * Registration and signed heartbeats stay per agent: they prove each agent's own key; the cheap
 * renewals in between share one {@link LeaseRenewer} per registry. Agents that trust an https
 * registry differently (each trust has its own HTTP client) get watches of their own. Thread-safe.
 */
public final class PresenceHub {
  private final ScheduledExecutorService scheduler;
  private final Map<Registries, Shared> watches = new HashMap<>(); // guarded by this
  private final Map<Registries, LeaseRenewer> renewers = new HashMap<>(); // guarded by this

  /** Each agent brings the HTTP client that trusts its registry. */
  public PresenceHub(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** The instances of one registry, and the client (so the trust) they are reached with. */
  private record Registries(List<URI> uris, HttpClient http) {}

  /** The process's one renewer of leases on {@code config}'s registry (it holds no thread). */
  synchronized LeaseRenewer renewer(PresenceConfig config, HttpClient http) {
    return renewers.computeIfAbsent(
        new Registries(config.registries(), http),
        key ->
            new LeaseRenewer(
                new RegistryClient(key.uris(), null, null, http, config.attemptTimeout()),
                scheduler,
                LeaseRenewer.lingerFor(config.heartbeat())));
  }

  /** Subscribes {@code cache} to the watch of {@code config}'s registry, starting it if needed. */
  synchronized Subscription subscribe(
      PresenceConfig config,
      HttpClient http,
      PeerCache cache,
      Reachability reachability,
      AgentMdc mdc) {
    Registries key = new Registries(config.registries(), http);
    Shared shared = watches.computeIfAbsent(key, k -> new Shared(config, http));
    shared.add(cache, reachability, mdc);
    return new Subscription(this, key, cache, reachability);
  }

  private synchronized void unsubscribe(
      Registries discovery, PeerCache cache, Reachability reachability) {
    Shared shared = watches.get(discovery);
    if (shared != null && shared.remove(cache, reachability)) {
      watches.remove(discovery);
    }
  }

  /**
   * True once the watch of {@code discovery} has applied a full list (false if nobody watches it).
   */
  private synchronized boolean synced(Registries discovery) {
    Shared shared = watches.get(discovery);
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
    final PeerCache view = new PeerCache((before, now) -> {});
    final List<PeerCache> caches = new CopyOnWriteArrayList<>();
    final Map<Reachability, AgentMdc> reachabilities = new ConcurrentHashMap<>();
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
          new Watch(client, this, reachability, config, scheduler, new AgentMdc("presence-hub"));
      watch.start();
    }

    /**
     * Serialized with the watch's changes by the view's lock: a new cache misses nothing and sees
     * nothing twice.
     */
    void add(PeerCache cache, Reachability reachability, AgentMdc mdc) {
      synchronized (view) {
        caches.add(cache);
        reachabilities.put(reachability, mdc);
        List<RegistryPeer> now = view.all();
        if (!now.isEmpty()) {
          cache.replaceAll(now, true);
        }
      }
    }

    /** True if this was the last cache: the watch has stopped. */
    boolean remove(PeerCache cache, Reachability reachability) {
      synchronized (view) {
        caches.remove(cache);
        reachabilities.remove(reachability);
        if (caches.isEmpty()) {
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
        view.replaceAll(list, tellAll);
        List<RegistryPeer> all = view.all();
        for (PeerCache c : caches) {
          c.replaceAll(all, tellAll);
        }
      }
    }

    @Override
    public void apply(RegistryPeer now) {
      synchronized (view) {
        view.apply(now);
        for (PeerCache c : caches) {
          c.apply(now);
        }
      }
    }
  }
}

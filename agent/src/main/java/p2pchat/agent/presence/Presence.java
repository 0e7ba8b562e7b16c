package p2pchat.agent.presence;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.common.AgentMdc;
import p2pchat.agent.common.PeerNames;
import p2pchat.agent.identity.Identity;

/**
 * An agent's registry client: registers its name and address, keeps the lease alive, says "away" on
 * a graceful stop, and keeps a cache of every peer current through the registry's change feed. When
 * the registry is down the agent runs on the cache (which it may seed from disk) while both loops
 * retry with backoff; no exception escapes to the agent. All HTTP is asynchronous on the shared
 * client; the shared scheduler only fires timers. Thread-safe.
 */
public final class Presence implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Presence.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final String self;
  private final AgentMdc mdc;
  private final RegistryClient client;
  private final PeerCache cache;
  private final Reachability reachability;
  private final Registration registration;
  private final PresenceConfig config;
  private final PresenceHub hub;
  private final HttpClient http;
  private volatile PresenceHub.Subscription watch; // set by start()
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();

  public Presence(
      PresenceConfig config,
      String self,
      Identity identity,
      HttpClient http,
      ScheduledExecutorService scheduler,
      PresenceListener listener) {
    this(config, self, identity, http, scheduler, listener, List.of());
  }

  /**
   * @param known peers remembered from an earlier run; the cache starts with them
   */
  public Presence(
      PresenceConfig config,
      String self,
      Identity identity,
      HttpClient http,
      ScheduledExecutorService scheduler,
      PresenceListener listener,
      Collection<RegistryPeer> known) {
    this(
        config,
        self,
        identity,
        http,
        scheduler,
        listener,
        known,
        new PresenceHub(scheduler),
        System::currentTimeMillis);
  }

  /**
   * @param hub the process's shared watch of the registry's changes (see {@link PresenceHub})
   * @param clock the time requests are signed with (epoch ms): the agent's own
   */
  public Presence(
      PresenceConfig config,
      String self,
      Identity identity,
      HttpClient http,
      ScheduledExecutorService scheduler,
      PresenceListener listener,
      Collection<RegistryPeer> known,
      PresenceHub hub,
      java.util.function.LongSupplier clock) {
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(listener, "listener");
    checkName(self);
    this.self = self;
    this.mdc = new AgentMdc(self);
    this.client =
        new RegistryClient(
            config.registries(),
            self,
            identity,
            http,
            config.attemptTimeout(),
            config.registrationToken(),
            clock);
    // The shared watch calls from threads of no agent in particular: name this one in the MDC.
    PresenceListener tagged =
        new PresenceListener() {
          @Override
          public void peerChanged(RegistryPeer before, RegistryPeer now) {
            mdc.run(() -> listener.peerChanged(before, now));
          }

          @Override
          public boolean cares(String peer) {
            return listener.cares(peer);
          }

          @Override
          public java.util.Collection<String> caredPeers() {
            return listener.caredPeers();
          }

          @Override
          public void registryReachable(boolean reachable) {
            mdc.run(() -> listener.registryReachable(reachable));
          }
        };
    this.cache = new PeerCache(tagged);
    this.reachability = new Reachability(client.base(), tagged);
    this.registration =
        new Registration(
            self,
            hub.renewer(config, http),
            new RegistryLoop.Parts(client, reachability, config, scheduler, mdc));
    this.config = config;
    this.hub = hub;
    this.http = http;
    cache.seed(known);
  }

  /**
   * Registers, then heartbeats and watches changes in the background. The future completes on the
   * first successful registration; it fails with a one-line {@link PresenceException} if the name
   * belongs to another key (or the registry refuses the registration outright), which is fatal for
   * the agent. While the registry is unreachable it stays pending and retries.
   */
  public CompletableFuture<Void> start(String advertisedHost, int port) {
    Objects.requireNonNull(advertisedHost, "advertisedHost");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535: " + port);
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("presence of " + self + " was already started");
    }
    return mdc.call(
        () -> {
          watch = hub.subscribe(config, http, cache, reachability, mdc);
          return registration.start(advertisedHost, port);
        });
  }

  /**
   * From now on the listener hears of changes to {@code peer} (if it {@link PresenceListener#cares
   * cares}); call before reaching a peer the listener did not list.
   */
  public void listenFor(String peer) {
    cache.listenFor(peer);
  }

  /** Asks the listener again whom it cares about ({@link PresenceListener#caredPeers}). */
  public void listenAgain() {
    cache.listenFor();
  }

  /**
   * Adds peers remembered from disk to the cache (existing entries win); the listener is not told.
   */
  public void seed(Collection<RegistryPeer> known) {
    cache.seed(known);
  }

  /** The last known record of a peer, without asking the registry. */
  public Optional<PeerInfo> peer(String name) {
    return cache.get(name).map(RegistryPeer::info);
  }

  /** The last known full record of a peer (address and key), without asking the registry. */
  public Optional<RegistryPeer> record(String name) {
    return cache.get(name);
  }

  /**
   * The cached record, else asks the registry (GET /v1/peers/{name}); empty if the registry does
   * not know the name. Fails with a PresenceException if the name is not cached and the registry
   * cannot be asked.
   */
  public CompletableFuture<Optional<RegistryPeer>> lookup(String name) {
    Optional<RegistryPeer> cached = cache.get(name);
    if (cached.isPresent()) {
      return CompletableFuture.completedFuture(cached);
    }
    return fetch(name);
  }

  /**
   * Always asks the registry (e.g. when a handshake shows a key the cache does not have); falls
   * back to the cache when the registry does not answer.
   */
  public CompletableFuture<Optional<RegistryPeer>> fetch(String name) {
    if (!PeerNames.valid(name)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return client
        .peer(name)
        .handle(
            (found, failure) -> {
              if (failure == null) {
                found.ifPresent(r -> mdc.run(() -> cache.offer(r)));
                return found;
              }
              RegistryException e = RegistryException.of(failure);
              if (e.unreachable()) {
                mdc.run(() -> reachability.down(e));
              }
              Optional<RegistryPeer> cached = cache.get(name);
              if (cached.isPresent()) {
                return cached;
              }
              throw new PresenceException(
                  "cannot look up "
                      + name
                      + ": registry "
                      + client.base()
                      + (e.unreachable()
                          ? " is unreachable"
                          : " answered " + e.status() + " " + e.getMessage())
                      + "; try again later");
            });
  }

  /** Every last known peer (this agent included), sorted by name. */
  public List<PeerInfo> peers() {
    return cache.all().stream().map(RegistryPeer::info).toList();
  }

  /**
   * Every last known full record, sorted by name: what an agent persists to seed its next start.
   */
  public List<RegistryPeer> records() {
    return cache.all();
  }

  public boolean registryReachable() {
    return reachability.reachable();
  }

  /** True once the first full list from the registry has been applied. */
  public boolean synced() {
    PresenceHub.Subscription w = watch;
    return w != null && w.synced();
  }

  /** The epoch of this agent's current registration, -1 before the first one. */
  public long epoch() {
    return registration.epoch();
  }

  /** Graceful stop: stops both loops and says "away", waiting at most 2 s for the registry. */
  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    mdc.run(
        () -> {
          stopWatching();
          CompletableFuture<Void> away = registration.stop(true);
          try {
            away.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("told registry {} that {} is away", client.base(), self);
          } catch (TimeoutException e) {
            log.warn(
                "registry {} did not confirm that {} is away within {} ms",
                client.base(),
                self,
                CLOSE_WAIT.toMillis());
          } catch (ExecutionException e) {
            log.warn(
                "could not tell registry {} that {} is away: {}",
                client.base(),
                self,
                RegistryException.of(e).getMessage());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  /**
   * Crash: stops both loops, cuts this agent's connections to the registry and says nothing; the
   * registry finds out when the lease ends.
   */
  public void abort() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    stopWatching();
    registration.stop(false);
    client.cancelAll();
  }

  static void checkName(String name) {
    PeerNames.check(name);
  }

  private void stopWatching() {
    PresenceHub.Subscription w = watch;
    if (w != null) {
      w.close();
    }
  }
}

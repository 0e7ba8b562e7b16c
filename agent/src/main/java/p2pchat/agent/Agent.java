package p2pchat.agent;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import p2pchat.agent.common.MessageSize;
import p2pchat.agent.delivery.PresenceResolver;
import p2pchat.agent.delivery.StoreInbox;
import p2pchat.agent.delivery.StoreOutbox;
import p2pchat.agent.handling.Dispatcher;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.presence.PeerRecord;
import p2pchat.agent.presence.Presence;
import p2pchat.agent.presence.PresenceConfig;
import p2pchat.agent.presence.PresenceException;
import p2pchat.agent.presence.PresenceListener;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomNames;
import p2pchat.agent.script.ScriptHost;
import p2pchat.agent.store.KnownPeer;
import p2pchat.agent.store.Outgoing;
import p2pchat.agent.store.Store;
import p2pchat.agent.transport.SenderQuota;
import p2pchat.agent.transport.Transport;
import p2pchat.agent.transport.TransportConfig;

/**
 * One peer: its store, its listening socket and links, its registry presence and its behavior. A
 * library first (the harness runs hundreds in one JVM, sharing an {@link AgentRuntime}) and a
 * command second. Thread-safe.
 *
 * <p>{@link #send} returns once the message is committed to the outbox; from then on it is
 * delivered by the agent itself, in order, whenever both ends are online.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  private final AgentConfig config;
  private final Store store;
  private final AgentRooms rooms;
  private final Presence presence;
  private final Transport transport;
  private final SenderQuota quota;
  private final Dispatcher dispatcher;
  private final Behavior behavior;
  private final ExecutorService outboxExecutor;
  private final ScheduledFuture<?> expirySweep;
  private final InetSocketAddress address;
  private final List<AgentListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, PeerRecord> remembered =
      new ConcurrentHashMap<>(); // peers saved to disk, as saved
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  private Agent(AgentConfig config, AgentRuntime runtime, List<AgentListener> initialListeners) {
    this.config = config;
    this.listeners.addAll(initialListeners);
    String name = config.name();
    Behavior behavior =
        config.script() == null
            ? Behavior.STORE_ONLY
            : ScriptHost.load(
                config.script(),
                name,
                runtime.scheduler(),
                runtime.scripts()); // compile before taking anything
    this.behavior = behavior;
    this.quota = new SenderQuota(config.senderQuota());
    if (behavior instanceof ScriptHost host) {
      host.addReloadListener(r -> listeners.forEach(l -> l.scriptReloaded(r.file(), r.error())));
    }
    try {
      Files.createDirectories(config.dataDir());
    } catch (java.io.IOException e) {
      throw new AgentException(
          "cannot create data directory " + config.dataDir() + ": " + e.getMessage(), e);
    }
    this.store = Store.open(config.dataDir(), name, config.durability(), runtime.storeJdbi());
    this.rooms = new AgentRooms(name, store, () -> peers(), this::wake);
    ExecutorService outbox = null;
    Presence p = null;
    Transport t = null;
    try {
      Identity identity = Identity.loadOrCreate(config.dataDir());
      outbox = Executors.newSingleThreadExecutor(AgentRuntime.named("agent-" + name + "-outbox"));
      this.outboxExecutor = outbox;
      p =
          new Presence(
              new PresenceConfig(
                      config.registries(),
                      config.heartbeat(),
                      Duration.ofSeconds(30),
                      Duration.ofMillis(200),
                      Duration.ofSeconds(5))
                  .withRegistrationToken(config.registrationToken()),
              name,
              identity,
              runtime.http(config.registryTrust()),
              runtime.scheduler(),
              new PresenceEvents(),
              List.of(),
              runtime.presenceHub());
      this.presence = p;
      List<PeerRecord> known =
          store.knownPeers().stream()
              .filter(k -> k.host() != null && k.port() != null)
              .map(
                  k ->
                      new PeerRecord(
                          k.name(),
                          k.publicKey(),
                          k.host(),
                          k.port(),
                          PeerRecord.UNREACHABLE,
                          null,
                          0))
              .toList();
      known.forEach(k -> remembered.put(k.name(), k));
      p.seed(known);
      if (behavior != Behavior.STORE_ONLY) {
        quota.start(store.unhandledBySender());
      }
      t =
          new Transport(
              TransportConfig.defaults(),
              name,
              identity,
              runtime.group(),
              outbox,
              new PresenceResolver(p, this::remember),
              new StoreOutbox(store, this::onExpired, this::onDelivered),
              new StoreInbox(
                  store, behavior == Behavior.STORE_ONLY, this::onConnected, this::onReceived),
              quota);
      this.transport = t;
      this.address = t.listen(config.listenHost(), config.listenPort());
      this.dispatcher =
          new Dispatcher(
              name,
              store,
              behavior,
              p::peers,
              this::isOnline,
              t.maxMessageBytes(),
              this::wake,
              () -> stopAsync(),
              quota);
    } catch (RuntimeException e) {
      if (t != null) {
        t.abort();
      }
      if (p != null) {
        p.abort();
      }
      if (outbox != null) {
        outbox.shutdownNow();
      }
      store.close();
      closeBehavior();
      throw e;
    }
    this.expirySweep =
        runtime.scheduler().scheduleWithFixedDelay(this::sweepExpired, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * Starts an agent: opens its data directory, listens, registers with the registry and starts
   * delivering. If the registry is unreachable the agent runs anyway and keeps retrying; if the
   * name belongs to another key, it does not start. Errors are {@link AgentException}s with a
   * one-line message.
   */
  public static Agent start(AgentConfig config, AgentRuntime runtime, AgentListener... listeners) {
    Agent agent;
    try {
      agent = new Agent(config, runtime, List.of(listeners));
    } catch (AgentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new AgentException(e.getMessage(), e);
    }
    agent.begin();
    return agent;
  }

  private void begin() {
    try (MDC.MDCCloseable ignored = MDC.putCloseable("agent", config.name())) {
      register();
    }
    dispatcher.start();
    wake(store.peersWithPendingOut());
  }

  private void register() {
    int port = config.advertisedPort() != 0 ? config.advertisedPort() : address.getPort();
    CompletableFuture<Void> registered = presence.start(config.advertised(), port);
    try {
      registered.get(3, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // INFO: presence has already said WARN once if the registry does not answer at all.
      log.info(
          "not registered with {} yet; {} runs on known addresses and keeps retrying",
          config.discovery(),
          config.name());
      registered.whenComplete(
          (ok, failure) -> {
            if (failure != null) {
              try (MDC.MDCCloseable ignored = MDC.putCloseable("agent", config.name())) {
                log.error(
                    failure instanceof PresenceException
                        ? failure.getMessage()
                        : "registration failed: " + failure);
              }
            }
          });
    } catch (ExecutionException e) {
      crash();
      Throwable cause = e.getCause();
      throw new AgentException(
          cause instanceof PresenceException ? cause.getMessage() : "registration failed: " + cause,
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("agent {} listening on {}:{}", config.name(), config.advertised(), address.getPort());
  }

  public String name() {
    return config.name();
  }

  public AgentConfig config() {
    return config;
  }

  /** The bound listening address (the real port when the config asked for 0). */
  public InetSocketAddress address() {
    return address;
  }

  public void addListener(AgentListener listener) {
    listeners.add(listener);
  }

  /** Queues a message; the future completes once it is durably in the outbox. */
  public CompletableFuture<Message> send(String to, String text) {
    return send(to, text, null, null);
  }

  /** As {@link #send(String, String)} with optional JSON data and time-to-live. */
  public CompletableFuture<Message> send(String to, String text, String dataJson, Duration ttl) {
    boolean room = RoomNames.isRoom(to);
    if (room) {
      rooms.checkMember(to);
    } else {
      Names.check(to);
    }
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    MessageSize.check(to, text, dataJson, transport.maxMessageBytes());
    if (stopped.get()) {
      return CompletableFuture.failedFuture(new AgentException("agent " + name() + " is stopped"));
    }
    Long expiresAt = ttl == null ? null : System.currentTimeMillis() + ttl.toMillis();
    return store
        .enqueue(new Outgoing(to, text, dataJson, expiresAt, !room && !isOnline(to)))
        .thenApply(
            m -> {
              wake(Set.of(to));
              return m;
            });
  }

  /** This agent's rooms: create, invite, remove, leave, and what it is in (docs/rooms.md). */
  public AgentRooms rooms() {
    return rooms;
  }

  /**
   * Every stored message (both directions) with {@code peer} or in a room ({@code #ops}), or all
   * when null, in storage order.
   */
  public List<Message> history(String peer) {
    return store.history(peer);
  }

  /** Peers as last seen from the registry, sorted by name. */
  public List<PeerInfo> peers() {
    return presence.peers();
  }

  public Optional<PeerInfo> peer(String name) {
    return presence.peer(name);
  }

  /**
   * True once the first full list of peers has come from the registry (false while it is
   * unreachable).
   */
  public boolean peersKnown() {
    return presence.synced();
  }

  public boolean isOnline(String peer) {
    return presence.peer(peer).map(PeerInfo::online).orElse(false);
  }

  /**
   * Completes when the agent has stopped, gracefully or by crash (e.g. its script called stop()).
   */
  public CompletableFuture<Void> terminated() {
    return terminated;
  }

  /**
   * Graceful stop: the behavior's {@code on stop} runs, in-flight messages get a bounded chance to
   * be acknowledged, the registry hears "away", the store commits what is queued.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      terminated.join();
      return;
    }
    expirySweep.cancel(false);
    dispatcher.stop();
    transport.close();
    presence.close();
    outboxExecutor.shutdown();
    store.close();
    finish();
  }

  /** Crash for tests: sockets cut, nothing said to anyone, uncommitted work dropped. */
  public void crash() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    expirySweep.cancel(false);
    presence.abort();
    transport.abort();
    dispatcher.abort();
    outboxExecutor.shutdownNow();
    store.abort();
    finish();
  }

  @Override
  public void close() {
    stop();
  }

  private void closeBehavior() {
    if (behavior instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.debug("closing the behavior failed: {}", e.toString());
      }
    }
  }

  private void finish() {
    closeBehavior();
    listeners.forEach(AgentListener::stopped);
    terminated.complete(null);
  }

  private void stopAsync() {
    Thread t = new Thread(this::stop, "agent-" + name() + "-stopping");
    t.setDaemon(true);
    t.start();
  }

  /** Wakes the links to {@code peers}; a room ({@code #ops}) stands for its members. */
  void wake(Set<String> peers) {
    Set<String> rooms = null;
    for (String p : peers) {
      if (RoomNames.isRoom(p)) {
        (rooms == null ? rooms = new java.util.HashSet<>() : rooms).add(p);
      } else {
        transport.wake(p);
      }
    }
    if (rooms != null) {
      Set<String> wanted = rooms;
      List<Membership> in = store.rooms();
      in.stream()
          .filter(r -> wanted.contains(r.room()))
          .forEach(r -> r.othersThan(name()).forEach(transport::wake));
      if (in.stream().filter(r -> wanted.contains(r.room())).count() < wanted.size()) {
        store.peersWithPendingOut().forEach(transport::wake); // a room just left
      }
    }
  }

  void onReceived(List<Message> stored) {
    if (stored.isEmpty()) {
      return;
    }
    if (behavior != Behavior.STORE_ONLY) {
      for (Message m : stored) {
        quota.stored(m.from(), 1);
      }
      dispatcher.messagesStored(stored);
    }
    listeners.forEach(l -> l.received(stored));
  }

  /**
   * Keeps on disk the address and key of a peer this agent talks to, so that it can reach it after
   * a restart with the registry down. Only those: saving every peer of a large registry, in every
   * agent, each time one comes online, would cost one commit per agent per change.
   */
  void remember(PeerRecord peer) {
    if (peer.host() == null) {
      return;
    }
    PeerRecord before = remembered.put(peer.name(), peer);
    boolean changed =
        before == null
            || before.port() != peer.port()
            || !peer.host().equals(before.host())
            || !peer.publicKey().equals(before.publicKey());
    if (changed) {
      store.savePeer(
          new KnownPeer(
              peer.name(), peer.publicKey(), peer.host(), peer.port(), System.currentTimeMillis()));
    }
  }

  void onConnected(String peer) {
    presence.record(peer).ifPresent(this::remember);
    listeners.forEach(l -> l.peerConnected(peer));
  }

  void onDelivered(List<Message> all) {
    List<Message> delivered = RoomMessages.withoutMemberships(all);
    if (delivered.isEmpty()) {
      return;
    }
    delivered.forEach(m -> dispatcher.event(new AgentEvent.Delivered(m)));
    listeners.forEach(l -> l.delivered(delivered));
  }

  private void sweepExpired() {
    try {
      if (quota.anyWaiting()) {
        quota.resync(
            store.unhandledBySender()); // the store is the truth; counts only keep it cheap
      }
      store.expireDue(System.currentTimeMillis()).thenAccept(this::onExpired);
    } catch (RuntimeException e) {
      log.debug("expiry sweep skipped: {}", e.toString());
    }
  }

  void onExpired(List<Message> expired) {
    if (expired.isEmpty()) {
      return;
    }
    expired.forEach(m -> dispatcher.event(new AgentEvent.Expired(m)));
    listeners.forEach(l -> l.expired(expired));
  }

  /** Registry news: wake a peer's outbox the moment it turns online, tell the behavior. */
  private final class PresenceEvents implements PresenceListener {
    @Override
    public void peerChanged(PeerRecord before, PeerRecord now) {
      if (now.name().equals(config.name())) {
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
      if (isOnline && (!wasOnline || moved || restarted) && store.mayHavePendingOut(now.name())) {
        transport.wake(now.name());
      }
      if (isOnline != wasOnline && dispatcher != null) {
        dispatcher.event(
            isOnline
                ? new AgentEvent.PeerOnline(now.name())
                : new AgentEvent.PeerOffline(now.name(), now.status()));
      }
      if (remembered.containsKey(now.name())) {
        remember(now);
      }
      listeners.forEach(l -> l.peerChanged(now.info()));
    }
  }
}

package p2pchat.agent;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import p2pchat.agent.common.MessageSize;
import p2pchat.agent.common.Unwind;
import p2pchat.agent.common.WallClock;
import p2pchat.agent.delivery.DeliveryNews;
import p2pchat.agent.delivery.PeerMemory;
import p2pchat.agent.delivery.PresencePolicy;
import p2pchat.agent.delivery.PresenceResolver;
import p2pchat.agent.delivery.StoreInbox;
import p2pchat.agent.delivery.StoreOutbox;
import p2pchat.agent.handling.Dispatcher;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.presence.FirstRegistration;
import p2pchat.agent.presence.Presence;
import p2pchat.agent.presence.PresenceConfig;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomNames;
import p2pchat.agent.script.ScriptHost;
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
  private final PeerMemory peerMemory;
  private final WallClock clock = new WallClock();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  private Agent(AgentConfig config, AgentRuntime runtime, List<AgentListener> initialListeners) {
    this.config = config;
    this.clock.skew(config.clockSkew());
    this.listeners.addAll(initialListeners);
    String name = config.name();
    try (Unwind opened = new Unwind()) {
      this.behavior =
          opened.add(
              config.script() == null
                  ? Behavior.STORE_ONLY
                  : ScriptHost.load(
                      config.script(),
                      name,
                      runtime.scheduler(),
                      runtime.scripts(),
                      clock), // compile before taking anything
              Agent::closeQuietly);
      this.quota = new SenderQuota(config.senderQuota());
      if (behavior instanceof ScriptHost host) {
        host.addReloadListener(r -> listeners.forEach(l -> l.scriptReloaded(r.file(), r.error())));
      }
      createDataDir(config);
      this.store =
          opened.add(
              Store.open(config.dataDir(), name, config.durability(), runtime.storeJdbi(), clock),
              Store::close);
      this.rooms = new AgentRooms(name, store, this::exists, this::wake);
      Identity identity = Identity.loadOrCreate(config.dataDir());
      store.whenRoomsQueue(
          peers -> {
            Transport t = transportOrNull(); // null while the agent is being built
            if (t != null) {
              peers.forEach(t::wake);
            }
          });
      store.useRoomKeys(
          new SignedRooms(identity, peer -> this.presenceOrNull().flatMap(p -> p.record(peer))));
      this.outboxExecutor =
          opened.add(
              Executors.newSingleThreadExecutor(AgentRuntime.named("agent-" + name + "-outbox")),
              ExecutorService::shutdownNow);
      this.peerMemory = new PeerMemory(store);
      DeliveryNews news =
          new DeliveryNews(
              store,
              quota,
              behavior == Behavior.STORE_ONLY,
              this::dispatcherOrNull,
              peer -> this.presenceOrNull().flatMap(p -> p.record(peer)),
              peerMemory,
              listeners);
      this.presence =
          opened.add(
              new Presence(
                  presenceConfig(config),
                  name,
                  identity,
                  runtime.http(config.registryTrust()),
                  runtime.scheduler(),
                  new PresencePolicy(
                      name,
                      store::mayHavePendingOut,
                      this::wakeOne,
                      event -> {
                        news.toDispatcher(event);
                        if (event instanceof AgentEvent.PeerOffline off) {
                          rooms.memberWentOffline(off.peer());
                        }
                      },
                      peerMemory,
                      info -> listeners.forEach(l -> l.peerChanged(info))),
                  List.of(),
                  runtime.presenceHub(),
                  clock),
              Presence::abort);
      presence.seed(peerMemory.load());
      if (behavior != Behavior.STORE_ONLY) {
        quota.start(store.unhandledBySender());
      }
      this.transport =
          opened.add(
              new Transport(
                  TransportConfig.defaults(),
                  name,
                  identity,
                  runtime.group(),
                  outboxExecutor,
                  new PresenceResolver(presence, peerMemory::remember),
                  new StoreOutbox(store, news::expired, news::delivered),
                  new StoreInbox(
                      store, behavior == Behavior.STORE_ONLY, news::connected, news::received),
                  quota),
              Transport::abort);
      this.address = transport.listen(config.listenHost(), config.listenPort());
      this.dispatcher =
          new Dispatcher(
              name,
              store,
              behavior,
              presence::peers,
              this::isOnline,
              transport.maxMessageBytes(),
              this::wake,
              () -> stopAsync(),
              quota,
              new ToListeners(listeners),
              clock);
      this.expirySweep =
          runtime.scheduler().scheduleWithFixedDelay(news::sweep, 1, 1, TimeUnit.SECONDS);
      opened.keep();
    }
  }

  private static void createDataDir(AgentConfig config) {
    try {
      Files.createDirectories(config.dataDir());
    } catch (java.io.IOException e) {
      throw new AgentException(
          "cannot create data directory " + config.dataDir() + ": " + e.getMessage(), e);
    }
  }

  private static PresenceConfig presenceConfig(AgentConfig config) {
    return new PresenceConfig(
            config.registries(),
            config.heartbeat(),
            Duration.ofSeconds(30),
            Duration.ofMillis(200),
            Duration.ofSeconds(5))
        .withRegistrationToken(config.registrationToken());
  }

  private java.util.Optional<Presence> presenceOrNull() {
    return java.util.Optional.ofNullable(presence);
  }

  private Dispatcher dispatcherOrNull() {
    return dispatcher;
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
    rooms.askForMissing(); // a member back from offline asks the others for what it missed
  }

  private void register() {
    int port = config.advertisedPort() != 0 ? config.advertisedPort() : address.getPort();
    Throwable refused =
        FirstRegistration.await(
            presence.start(config.advertised(), port),
            Duration.ofSeconds(3),
            config.name(),
            config.discovery());
    if (refused != null) {
      crash();
      throw new AgentException(FirstRegistration.describe(refused), refused);
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
    Long expiresAt = ttl == null ? null : clock.getAsLong() + ttl.toMillis();
    return store
        .enqueue(new Outgoing(to, text, dataJson, expiresAt, !room && !isOnline(to)))
        .thenApply(
            m -> {
              wake(Set.of(to));
              List<Message> queued = List.of(m);
              listeners.forEach(l -> l.queued(queued));
              return m;
            });
  }

  /**
   * Runs {@code call} on the dispatch thread as one call of the next round (the behavior's error
   * hook runs if it throws). The future completes once that round has committed: with what the call
   * returned, with what it threw (its effects discarded, the error hook's kept), or with an {@link
   * AgentException} if the round could not be committed or the agent is stopping.
   */
  public <T> CompletableFuture<T> callBehavior(BehaviorCall<T> call) {
    if (stopped.get()) {
      return CompletableFuture.failedFuture(new AgentException("agent " + name() + " is stopped"));
    }
    return dispatcher.submit(call);
  }

  /** The script this agent runs, if it runs one (to serve its webhooks, say). */
  public Optional<ScriptHost> script() {
    return behavior instanceof ScriptHost host ? Optional.of(host) : Optional.empty();
  }

  /** Whether the registry knows {@code peer}: this agent's view, else a lookup (at most 5 s). */
  private boolean exists(String peer) {
    try {
      return presence.lookup(peer).get(5, TimeUnit.SECONDS).isPresent();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentException("interrupted while looking up " + peer, e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AgentException(
          "cannot check that " + peer + " exists: the registry does not answer; try again", e);
    }
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

  /** Whether the registry answered this agent's last call (false while it is unreachable). */
  public boolean registryReachable() {
    return presence.registryReachable();
  }

  /**
   * Completes once the store has taken its write lock and committed an empty transaction: proof
   * that it takes writes now. Stays pending while another process holds the lock (up to the busy
   * timeout, 10 s, then fails); callers bound their wait.
   */
  public CompletableFuture<Void> probeStore() {
    if (stopped.get()) {
      return CompletableFuture.failedFuture(new AgentException("agent " + name() + " is stopped"));
    }
    return store.probeWrite();
  }

  /**
   * A fault for tests and scenarios: the agent's database behaves as on a full disk ({@code true})
   * or has room again ({@code false}). Completes once the change is in place.
   */
  public CompletableFuture<Void> fillStorage(boolean full) {
    return store.limitGrowth(full);
  }

  /**
   * A fault for tests and scenarios: this agent's clock reads the system's time plus {@code skew}
   * from now on (zero puts it right). The timestamps it signs, its messages' times and expiries,
   * its timers and cron slots all follow it; the registry refuses what a skew over its tolerance
   * makes it refuse, and the agent comes back by itself once its clock is right.
   */
  public void skewClock(Duration skew) {
    clock.skew(skew);
    dispatcher.clockMoved();
  }

  /** The database file, for messages that name it. */
  public java.nio.file.Path databaseFile() {
    return store.databaseFile();
  }

  /**
   * Per receiver with a backlog, how many messages wait for its acknowledgement (queued or sent,
   * not expired). Reads the store: call it off event loops.
   */
  public java.util.Map<String, Long> outboxDepths() {
    return store.outboxDepths();
  }

  /** Outbound links by state ({@code ready}, {@code backoff}, ...): a snapshot, never waits. */
  public java.util.Map<String, Integer> linkStates() {
    return transport.linkStates();
  }

  /** Every persisted timer, by due time. Reads the store: call it off event loops. */
  public List<Job> timers() {
    return store.jobs();
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

  private static void closeQuietly(Behavior behavior) {
    if (behavior instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.debug("closing the behavior failed: {}", e.toString());
      }
    }
  }

  private void finish() {
    closeQuietly(behavior);
    listeners.forEach(AgentListener::stopped);
    terminated.complete(null);
  }

  /** What the dispatcher reports, passed on to every listener. */
  private record ToListeners(List<AgentListener> listeners) implements AgentListener {
    @Override
    public void queued(List<Message> messages) {
      listeners.forEach(l -> l.queued(messages));
    }

    @Override
    public void handled(List<HandlerCall> calls) {
      listeners.forEach(l -> l.handled(calls));
    }
  }

  private void stopAsync() {
    Thread t = new Thread(this::stop, "agent-" + name() + "-stopping");
    t.setDaemon(true);
    t.start();
  }

  private Transport transportOrNull() {
    return transport;
  }

  private void wakeOne(String peer) {
    transport.wake(peer);
  }

  /** Wakes the links to {@code peers}; a room ({@code #ops}) stands for its members. */
  void wake(Set<String> peers) {
    Set<String> rooms = new java.util.HashSet<>();
    for (String p : peers) {
      if (RoomNames.isRoom(p)) {
        rooms.add(p);
      } else {
        transport.wake(p);
      }
    }
    if (!rooms.isEmpty()) {
      List<Membership> in = store.rooms().stream().filter(r -> rooms.contains(r.room())).toList();
      in.forEach(r -> r.othersThan(name()).forEach(transport::wake));
      if (in.size() < rooms.size()) {
        store.peersWithPendingOut().forEach(transport::wake); // a room just left
      }
    }
  }
}

package p2pchat.agent;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.common.Unwind;
import p2pchat.agent.common.WallClock;
import p2pchat.agent.delivery.DeliveryNews;
import p2pchat.agent.delivery.PeerMemory;
import p2pchat.agent.delivery.PresencePolicy;
import p2pchat.agent.delivery.PresenceResolver;
import p2pchat.agent.delivery.StoreInbox;
import p2pchat.agent.delivery.StoreOutbox;
import p2pchat.agent.handling.CallSetup;
import p2pchat.agent.handling.Dispatcher;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.presence.Presence;
import p2pchat.agent.presence.PresenceConfig;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomNames;
import p2pchat.agent.script.ScriptHost;
import p2pchat.agent.store.Store;
import p2pchat.agent.transport.SenderQuota;
import p2pchat.agent.transport.Transport;
import p2pchat.agent.transport.TransportConfig;

/**
 * An {@link Agent}'s machinery: its behavior, store, rooms, registry presence, transport and
 * dispatcher, wired to one another when built (what was opened is closed again if a later part
 * fails), and taken down in order by {@link #stop} or {@link #crash}. Thread-safe as its parts are.
 */
final class AgentParts {
  private static final Logger log = LoggerFactory.getLogger(Agent.class); // its old name

  final Behavior behavior;
  final Store store;
  final AgentRooms rooms;
  final Presence presence;
  final Transport transport;
  final Dispatcher dispatcher;
  final InetSocketAddress address;
  private final String name;
  private final SenderQuota quota;
  private final ScheduledFuture<?> expirySweep;
  private final PeerMemory peerMemory;
  private final AgentRuntime runtime;

  /**
   * Builds and wires the parts; the listening socket is bound, nothing is registered or started.
   * {@code requestStop} is what the behavior's {@code stop()} asks for.
   */
  AgentParts(
      AgentConfig config,
      AgentRuntime runtime,
      List<AgentListener> listeners,
      WallClock clock,
      Runnable requestStop) {
    this.name = config.name();
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
              AgentParts::closeQuietly);
      this.quota = new SenderQuota(config.senderQuota());
      if (behavior instanceof ScriptHost host) {
        host.addReloadListener(r -> listeners.forEach(l -> l.scriptReloaded(r.file(), r.error())));
      }
      createDataDir(config);
      this.store =
          opened.add(
              Store.open(
                  config.dataDir(),
                  name,
                  config.durability(),
                  runtime.storeJdbi(),
                  clock,
                  runtime.storeWriters()),
              Store::close);
      this.rooms = new AgentRooms(name, store, this::exists, this::wake);
      Identity identity = Identity.loadOrCreate(config.dataDir());
      store.useRooms(
          new SignedRooms(identity, peer -> this.presenceOrNull().flatMap(p -> p.record(peer))),
          peers -> {
            Transport t = transportOrNull(); // null while the agent is being built
            if (t != null) {
              peers.forEach(this::reach);
            }
          });
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
                      info -> listeners.forEach(l -> l.peerChanged(info)),
                      () -> wantsEveryPeer(behavior, listeners),
                      rooms::sharesRoomWith,
                      () -> {
                        Set<String> peers = rooms.members();
                        peers.addAll(store.receiversMaybePending());
                        return peers;
                      }),
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
                  runtime.outboxReads(),
                  new PresenceResolver(presence, peerMemory::remember),
                  new StoreOutbox(store, news::expired, news::delivered),
                  new StoreInbox(
                      store, behavior == Behavior.STORE_ONLY, news::connected, news::received),
                  quota,
                  runtime.dials()),
              Transport::abort);
      this.address = transport.listen(config.listenHost(), config.listenPort());
      this.dispatcher =
          new Dispatcher(
              new CallSetup(
                  name,
                  store,
                  behavior,
                  presence::peers,
                  this::isOnline,
                  transport.maxMessageBytes()),
              this::wake,
              requestStop,
              quota,
              new ToListeners(listeners),
              clock,
              runtime.dispatchers(),
              runtime.scheduler());
      this.runtime = runtime;
      this.expirySweep =
          runtime.scheduler().scheduleWithFixedDelay(() -> sweep(news), 1, 1, TimeUnit.SECONDS);
      opened.keep();
      runtime.agents(+1);
    }
  }

  /**
   * Once a second: expiries, and in a crowded runtime the database and the links closed while
   * unused.
   */
  private void sweep(DeliveryNews news) {
    news.sweep();
    presence.listenAgain(); // whom the agent cares about grows: messages, peers, rooms, a reload
    Duration idle = runtime.idleDatabase();
    if (idle != null) {
      try {
        store.closeIdle(idle);
        transport.closeQuietLinks(idle);
      } catch (RuntimeException e) {
        log.debug("closing the idle database or links skipped: {}", e.toString());
      }
    }
  }

  private static final AgentEvent ONLINE = new AgentEvent.PeerOnline("probe");
  private static final AgentEvent OFFLINE = new AgentEvent.PeerOffline("probe", PeerInfo.AWAY);

  /** Whether a listener overrides {@code peerChanged}: one that does hears of every peer. */
  private static final ClassValue<Boolean> WATCHES_PEERS =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            return type.getMethod("peerChanged", PeerInfo.class).getDeclaringClass()
                != AgentListener.class;
          } catch (NoSuchMethodException e) {
            return true;
          }
        }
      };

  /** Whether the behavior handles online/offline events, or a listener hears every peer change. */
  private static boolean wantsEveryPeer(Behavior behavior, List<AgentListener> listeners) {
    if (behavior != Behavior.STORE_ONLY && (behavior.wants(ONLINE) || behavior.wants(OFFLINE))) {
      return true;
    }
    for (AgentListener l : listeners) {
      if (WATCHES_PEERS.get(l.getClass())) {
        return true;
      }
    }
    return false;
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

  private Optional<Presence> presenceOrNull() {
    return Optional.ofNullable(presence);
  }

  private Dispatcher dispatcherOrNull() {
    return dispatcher;
  }

  private Transport transportOrNull() {
    return transport;
  }

  boolean isOnline(String peer) {
    return presence.peer(peer).map(PeerInfo::online).orElse(false);
  }

  /** Whether the registry knows {@code peer}: this agent's view, else a lookup (at most 5 s). */
  private boolean exists(String peer) {
    try {
      return presence.lookup(peer).get(5, TimeUnit.SECONDS).isPresent();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentException("interrupted while looking up " + peer, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AgentException(
          "cannot check that " + peer + " exists: the registry does not answer; try again", e);
    }
  }

  private void wakeOne(String peer) {
    transport.wake(peer);
  }

  /** Hears of {@code peer}'s changes from now on, then wakes its link. */
  private void reach(String peer) {
    presence.listenFor(peer);
    transport.wake(peer);
  }

  /** Wakes the links to {@code peers}; a room ({@code #ops}) stands for its members. */
  void wake(Set<String> peers) {
    Set<String> rooms = new HashSet<>();
    for (String p : peers) {
      if (RoomNames.isRoom(p)) {
        rooms.add(p);
      } else {
        reach(p);
      }
    }
    if (!rooms.isEmpty()) {
      List<Membership> in = store.rooms().stream().filter(r -> rooms.contains(r.room())).toList();
      in.forEach(r -> r.othersThan(name).forEach(this::reach));
      if (in.size() < rooms.size()) {
        store.peersWithPendingOut().forEach(this::reach); // a room just left
      }
    }
  }

  /**
   * Graceful: the behavior's {@code on stop} runs, in-flight messages get a bounded chance to be
   * acknowledged, the registry hears "away", the store commits what is queued.
   */
  void stop() {
    expirySweep.cancel(false);
    runtime.agents(-1);
    dispatcher.stop();
    transport.close();
    presence.close();
    store.close();
    closeQuietly(behavior);
  }

  /** Sockets cut, nothing said to anyone, uncommitted work dropped. */
  void crash() {
    expirySweep.cancel(false);
    runtime.agents(-1);
    presence.abort();
    transport.abort();
    dispatcher.abort();
    store.abort();
    closeQuietly(behavior);
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
}

package p2pchat.agent;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import p2pchat.agent.common.MessageSize;
import p2pchat.agent.common.WallClock;
import p2pchat.agent.presence.FirstRegistration;
import p2pchat.agent.rooms.RoomNames;
import p2pchat.agent.script.ScriptHost;
import p2pchat.agent.store.Outgoing;
import p2pchat.agent.store.Store;
import p2pchat.agent.transport.Transport;

/**
 * One peer: its store, its listening socket and links, its registry presence and its behavior. A
 * library first (the harness runs hundreds in one JVM, sharing an {@link AgentRuntime}) and a
 * command second. Thread-safe.
 *
 * <p>{@link #send} returns once the message is committed to the outbox; from then on it is
 * delivered by the agent itself, in order, whenever both ends are online. Its machinery and how it
 * is wired are {@link AgentParts}.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  private final AgentConfig config;
  private final AgentParts parts;
  private final Store store;
  private final AgentRooms rooms;
  private final Transport transport;
  private final List<AgentListener> listeners = new CopyOnWriteArrayList<>();
  private final WallClock clock = new WallClock();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  private Agent(AgentConfig config, AgentRuntime runtime, List<AgentListener> initialListeners) {
    this.config = config;
    this.clock.skew(config.clockSkew());
    this.listeners.addAll(initialListeners);
    this.parts = new AgentParts(config, runtime, listeners, clock, this::stopAsync);
    this.store = parts.store;
    this.rooms = parts.rooms;
    this.transport = parts.transport;
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
    parts.dispatcher.start();
    parts.wake(store.peersWithPendingOut());
    rooms.askForMissing(); // a member back from offline asks the others for what it missed
  }

  private void register() {
    int port = config.advertisedPort() != 0 ? config.advertisedPort() : parts.address.getPort();
    Throwable refused =
        FirstRegistration.await(
            parts.presence.start(config.advertised(), port),
            Duration.ofSeconds(3),
            config.name(),
            config.discovery());
    if (refused != null) {
      crash();
      throw new AgentException(FirstRegistration.describe(refused), refused);
    }
    log.info(
        "agent {} listening on {}:{}", config.name(), config.advertised(), parts.address.getPort());
  }

  public String name() {
    return config.name();
  }

  public AgentConfig config() {
    return config;
  }

  /** The bound listening address (the real port when the config asked for 0). */
  public InetSocketAddress address() {
    return parts.address;
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
              parts.wake(Set.of(to));
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
    return parts.dispatcher.submit(call);
  }

  /** The script this agent runs, if it runs one (to serve its webhooks, say). */
  public Optional<ScriptHost> script() {
    return parts.behavior instanceof ScriptHost host ? Optional.of(host) : Optional.empty();
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
    return parts.presence.peers();
  }

  public Optional<PeerInfo> peer(String name) {
    return parts.presence.peer(name);
  }

  /**
   * True once the first full list of peers has come from the registry (false while it is
   * unreachable).
   */
  public boolean peersKnown() {
    return parts.presence.synced();
  }

  public boolean isOnline(String peer) {
    return parts.isOnline(peer);
  }

  /** Whether the registry answered this agent's last call (false while it is unreachable). */
  public boolean registryReachable() {
    return parts.presence.registryReachable();
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
    parts.dispatcher.clockMoved();
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
    parts.stop();
    finish();
  }

  /** Crash for tests: sockets cut, nothing said to anyone, uncommitted work dropped. */
  public void crash() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    parts.crash();
    finish();
  }

  @Override
  public void close() {
    stop();
  }

  private void finish() {
    listeners.forEach(AgentListener::stopped);
    terminated.complete(null);
  }

  private void stopAsync() {
    Thread t = new Thread(this::stop, "agent-" + name() + "-stopping");
    t.setDaemon(true);
    t.start();
  }
}

package p2pchat.agent;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import p2pchat.agent.presence.PresenceHub;
import p2pchat.agent.script.ScriptCache;
import p2pchat.agent.store.StoreJdbi;
import p2pchat.agent.transport.DialGate;

/**
 * What all agents of one JVM share: one Netty event loop group for every socket, one HTTP client
 * for every registry call (one per way of trusting an https registry, all on one executor), one
 * small scheduler for heartbeats, retries and timers, and three bounded pools on which each agent's
 * work runs one task at a time per agent ({@link p2pchat.agent.common.SerialDrain}): the store
 * writers' group commits, the dispatchers' rounds (the scripts) and the outboxes' reads. So a
 * thousand agents cost the same few dozen threads as one. A JVM running a single agent makes one;
 * the harness makes one for hundreds of agents. Thread-safe. Closing it is the owner's job, after
 * every agent using it has stopped.
 */
public final class AgentRuntime implements AutoCloseable {
  /**
   * Group commits of all the stores at once, at most: SQLite's work and its fsyncs, never blocking
   * on anything else (so nothing waiting for a commit can starve it).
   */
  static final int STORE_THREADS = 16;

  /**
   * Dispatcher rounds at once, at most: a round runs the script and then waits for its commit. A
   * script that blocks holds one of these until it returns; the other agents' scripts go on, on the
   * rest, and storing, acknowledging and sending never wait for this pool.
   */
  static final int SCRIPT_THREADS = 32;

  /** Outbox reads (memory first, else SQLite) at once, at most. */
  static final int OUTBOX_THREADS = 4;

  /**
   * Past this many agents in one runtime, an agent's database is closed after {@link
   * #IDLE_DATABASE} without use (and opened again by its next read or write), and so is each of its
   * outbound links that has sent everything and heard nothing for as long (opened again by its next
   * message): a process may hold only so many files, each open agent database holds five and each
   * link between two agents of the process two. An agent alone never pays the reopening.
   */
  static final int CROWD = 64;

  static final Duration IDLE_DATABASE = Duration.ofSeconds(2);

  /**
   * Outbound handshakes of all the runtime's agents at once, at most (see {@link DialGate}): each
   * costs about a millisecond of an event loop at both ends.
   */
  static final int DIALS = 32;

  private final AtomicInteger agents = new AtomicInteger();
  private final EventLoopGroup group;
  private final HttpClient http;
  private final ExecutorService httpExecutor;
  private final Map<RegistryTrust, HttpClient> trusted = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final ScriptCache scripts = new ScriptCache();
  private final StoreJdbi storeJdbi = new StoreJdbi();
  private final PresenceHub presenceHub;
  private final DialGate dials = new DialGate(DIALS);
  private final ThreadPoolExecutor storeWriters;
  private final ThreadPoolExecutor dispatchers;
  private final ThreadPoolExecutor outboxReads;

  private AgentRuntime(int ioThreads, int schedulerThreads) {
    this.group =
        new MultiThreadIoEventLoopGroup(
            ioThreads, new DefaultThreadFactory("p2pchat-io", true), NioIoHandler.newFactory());
    this.scheduler = new ScheduledThreadPoolExecutor(schedulerThreads, named("p2pchat-timer"));
    ((ScheduledThreadPoolExecutor) scheduler).setRemoveOnCancelPolicy(true);
    this.httpExecutor =
        Executors.newFixedThreadPool(Math.max(2, schedulerThreads), named("p2pchat-http"));
    this.http = httpClient(null);
    this.presenceHub = new PresenceHub(scheduler);
    this.storeWriters = pool("p2pchat-store", STORE_THREADS);
    this.dispatchers = pool("p2pchat-script", SCRIPT_THREADS);
    this.outboxReads = pool("p2pchat-outbox", OUTBOX_THREADS);
  }

  /**
   * Up to {@code threads} threads, a new one only when work comes and none is idle (so an agent
   * alone uses one or two), each ended after 30 s without work; beyond that, work queues.
   */
  private static ThreadPoolExecutor pool(String prefix, int threads) {
    IdleFirst queue = new IdleFirst();
    return new ThreadPoolExecutor(
        0,
        threads,
        30,
        TimeUnit.SECONDS,
        queue,
        named(prefix),
        (task, pool) -> {
          if (pool.isShutdown()) {
            throw new RejectedExecutionException(prefix + " is shut down");
          }
          queue.add(task); // every thread is busy: it waits for the first that is done
        });
  }

  /**
   * A pool's queue that takes a task only if an idle thread is waiting for it right now, so the
   * pool makes a thread rather than queue while it is below its maximum.
   */
  private static final class IdleFirst extends LinkedTransferQueue<Runnable> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean offer(Runnable task) {
      return tryTransfer(task);
    }
  }

  /** Sized for this machine: one I/O thread per core (at most 4), two scheduler threads. */
  public static AgentRuntime create() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new AgentRuntime(Math.min(Math.max(cores, 1), 4), 2);
  }

  public EventLoopGroup group() {
    return group;
  }

  public HttpClient http() {
    return http;
  }

  /**
   * The client for registries trusted this way (made on first use, then shared).
   *
   * @throws IllegalArgumentException with a one-line message when a trust store cannot be read
   */
  public HttpClient http(RegistryTrust trust) {
    if (trust instanceof RegistryTrust.JdkDefault) {
      return http;
    }
    return trusted.computeIfAbsent(trust, t -> httpClient(t.sslContext()));
  }

  private HttpClient httpClient(SSLContext tls) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(httpExecutor);
    return (tls == null ? b : b.sslContext(tls)).build();
  }

  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** One watch of each registry's change feed for all the agents of this runtime. */
  public PresenceHub presenceHub() {
    return presenceHub;
  }

  /** JDBI's parsed SQL and DAO metadata, shared by the agents' stores. */
  public StoreJdbi storeJdbi() {
    return storeJdbi;
  }

  /** Where the agents' stores commit (see {@link #STORE_THREADS}). */
  public Executor storeWriters() {
    return storeWriters;
  }

  /** Where the agents' dispatchers run their rounds (see {@link #SCRIPT_THREADS}). */
  public Executor dispatchers() {
    return dispatchers;
  }

  /** Where the agents' links read their outboxes (see {@link #OUTBOX_THREADS}). */
  public Executor outboxReads() {
    return outboxReads;
  }

  /** An agent of this runtime was built ({@code +1}) or stopped ({@code -1}). */
  void agents(int change) {
    agents.addAndGet(change);
  }

  /** The turns the runtime's agents take to open links. */
  DialGate dials() {
    return dials;
  }

  /** How long an agent's database may stay open unused: null while the runtime is not crowded. */
  Duration idleDatabase() {
    return agents.get() > CROWD ? IDLE_DATABASE : null;
  }

  /** Compiled bot scripts, shared so that many agents running one file compile it once. */
  public ScriptCache scripts() {
    return scripts;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    httpExecutor.shutdownNow();
    dispatchers.shutdownNow();
    outboxReads.shutdownNow();
    storeWriters.shutdownNow();
  }

  static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

package p2pchat.agent;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import p2pchat.agent.presence.PresenceHub;
import p2pchat.agent.script.ScriptCache;
import p2pchat.agent.store.StoreJdbi;

/**
 * What all agents of one JVM share: one Netty event loop group for every socket, one HTTP client
 * for every registry call (one per way of trusting an https registry, all on one executor), one
 * small scheduler for heartbeats, retries and timers. A JVM running a single agent makes one; the
 * harness makes one for hundreds of agents. Thread-safe. Closing it is the owner's job, after every
 * agent using it has stopped.
 */
public final class AgentRuntime implements AutoCloseable {
  private final EventLoopGroup group;
  private final HttpClient http;
  private final ExecutorService httpExecutor;
  private final Map<RegistryTrust, HttpClient> trusted = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final ScriptCache scripts = new ScriptCache();
  private final StoreJdbi storeJdbi = new StoreJdbi();
  private final PresenceHub presenceHub;

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

  /** Compiled bot scripts, shared so that many agents running one file compile it once. */
  public ScriptCache scripts() {
    return scripts;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    httpExecutor.shutdownNow();
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

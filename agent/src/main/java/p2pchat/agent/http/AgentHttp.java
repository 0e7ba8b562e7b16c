package p2pchat.agent.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentRuntime;
import p2pchat.agent.common.AgentMdc;
import p2pchat.agent.common.Causes;
import p2pchat.agent.common.TcpServers;

/**
 * One agent's HTTP side: {@code GET /health}, {@code GET /metrics}, {@code POST /send} and the
 * routes added to {@link #routes()}, served on the runtime's event loops (the ones the links use)
 * with two threads of its own ({@code agent-NAME-http}) for the routes, so a store read or a commit
 * never holds an event loop. Every route but {@code /health} needs the bearer token. Thread-safe;
 * {@link #close} stops listening and the threads (the agent is the caller's).
 */
public final class AgentHttp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AgentHttp.class);

  /** Bodies larger than this are refused with 413 before a route sees them. */
  static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

  private static final int IDLE_SECONDS = 60;

  /**
   * Where to listen and which token to take.
   *
   * @param host address to bind, {@code 127.0.0.1} unless told otherwise
   * @param port 0 for any free port
   * @param tokenFile the token's file, or null for {@code http-token} in the data directory
   */
  public record Settings(String host, int port, Path tokenFile) {
    public static Settings loopback(int port) {
      return new Settings("127.0.0.1", port, null);
    }

    public Settings withHost(String newHost) {
      return new Settings(newHost, port, tokenFile);
    }

    public Settings withTokenFile(Path file) {
      return new Settings(host, port, file);
    }
  }

  private final Agent agent;
  private final HttpRoutes routes = new HttpRoutes();
  private final AgentMetrics metrics;
  private final BearerToken token;
  private final ExecutorService workers;
  private final Channel server;
  private final InetSocketAddress address;

  private AgentHttp(Agent agent, EventLoopGroup group, Settings settings) {
    this.agent = agent;
    this.token = BearerToken.load(settings.tokenFile(), agent.config().dataDir());
    this.metrics = new AgentMetrics(agent);
    agent.addListener(metrics);
    routes.addBuiltIn("GET", "/health", new HealthRoute(agent), true);
    routes.addBuiltIn(
        "GET",
        "/metrics",
        request ->
            CompletableFuture.completedFuture(
                HttpReply.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape())),
        false);
    routes.addBuiltIn("POST", "/send", new SendRoute(agent), false);
    this.workers =
        Executors.newFixedThreadPool(
            2, new DefaultThreadFactory("agent-" + agent.name() + "-http", true));
    Refusals refusals = new Refusals(System::nanoTime);
    AgentMdc mdc = new AgentMdc(agent.name());
    ServerBootstrap bootstrap =
        TcpServers.bootstrap(group, 256)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS),
                            new HttpServerCodec(),
                            new HttpObjectAggregator(MAX_BODY_BYTES),
                            new HttpHandler(routes, token, refusals, workers, mdc));
                  }
                });
    ChannelFuture bound = bootstrap.bind(settings.host(), settings.port()).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      workers.shutdownNow();
      Throwable cause = bound.cause();
      if (cause instanceof BindException && String.valueOf(cause.getMessage()).contains("in use")) {
        throw new IllegalArgumentException(
            "HTTP port " + settings.port() + " is already in use; pick another with --http", cause);
      }
      throw new IllegalArgumentException(
          "cannot serve HTTP on "
              + settings.host()
              + ":"
              + settings.port()
              + ": "
              + Causes.describe(cause)
              + "; check --http-host and --http",
          cause);
    }
    this.server = bound.channel();
    this.address = (InetSocketAddress) server.localAddress();
    mdc.run(() -> log.info("HTTP on http://{}:{}", address.getHostString(), address.getPort()));
  }

  /**
   * Serves {@code agent}'s HTTP side on the runtime's event loops.
   *
   * @throws IllegalArgumentException with a one-line message: port in use, bad host, unreadable
   *     token file
   */
  public static AgentHttp start(Agent agent, AgentRuntime runtime, Settings settings) {
    return new AgentHttp(agent, runtime.group(), settings);
  }

  /** The bound address (the real port when the settings asked for 0). */
  public InetSocketAddress address() {
    return address;
  }

  /** The token clients must send; {@code token().created()} when it was generated now. */
  public BearerToken token() {
    return token;
  }

  /** Where more routes go (script webhooks); clashes with built-in routes are refused. */
  public HttpRoutes routes() {
    return routes;
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly();
    workers.shutdown();
  }
}

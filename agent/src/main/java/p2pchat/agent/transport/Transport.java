package p2pchat.agent.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import p2pchat.agent.common.Causes;
import p2pchat.agent.common.TcpServers;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.wire.AeadWarmUp;
import p2pchat.agent.wire.FrameCodec;
import p2pchat.agent.wire.NoiseHandshake;

/**
 * An agent's peer-to-peer transport: listens for inbound connections (receiver side) and keeps one
 * outbound {@link Link} per receiver (sender side). Thread-safe. {@link #close} and {@link #abort}
 * block, so call them neither from an event loop nor from the blocking executor.
 *
 * <p>Runs on the EventLoopGroup it is given (NIO, shared by every agent of the JVM) and never
 * blocks it: outbox calls run on {@code blockingExecutor} (one at a time per peer), inbox calls
 * must return at once (see {@link Inbox}).
 *
 * <p>Limits against hostile or broken peers, all per transport:
 *
 * <ul>
 *   <li>a frame longer than {@code maxFrameBytes} closes the connection when its length arrives;
 *   <li>a connection must complete the handshake (HELLO, Noise XX, ACK 0) within {@code
 *       handshakeTimeout}, so a peer that connects and sends nothing is closed;
 *   <li>at most {@code maxInboundConnections} inbound connections are open, handshaking or not;
 *       more are closed on accept (logged at most once a second). A flood can hold every slot for
 *       up to {@code handshakeTimeout} at a time;
 *   <li>one authenticated inbound connection per peer: a newer one closes the older;
 *   <li>inbound memory per connection is bounded (see {@link ServerHandler}): reading stops while
 *       batches await commit or while the peer does not read our ACKs;
 *   <li>outbound, at most {@code window} messages are unacknowledged and no more rows are read
 *       while the peer does not read (channel not writable); a link waiting {@code idleTimeout} for
 *       an ACK reconnects; an idle link closes after {@code idleTimeout};
 *   <li>anything malformed or out of turn closes that one connection with one WARN line.
 * </ul>
 *
 * A message whose MSG frame would exceed {@code maxFrameBytes} can never be delivered; refuse such
 * sends up front ({@link #maxMessageBytes}).
 */
public final class Transport implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(2);
  private static final Duration ABORT_WAIT = Duration.ofSeconds(1);

  private final Context ctx;
  private final EventLoopGroup group;
  private final InboundConnections inbound;
  private final ConcurrentHashMap<String, Link> links = new ConcurrentHashMap<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile Channel server;

  public Transport(
      TransportConfig config,
      String self,
      Identity identity,
      EventLoopGroup group,
      Executor blockingExecutor,
      PeerResolver resolver,
      Outbox outbox,
      Inbox inbox) {
    this(
        config,
        self,
        identity,
        group,
        blockingExecutor,
        resolver,
        outbox,
        inbox,
        new SenderQuota(0),
        DialGate.unbounded());
  }

  /**
   * With a quota of stored-but-unhandled messages per sender (a sender past it is not read from
   * until {@code quota} says it is below again), its outbound handshakes taking turns through
   * {@code dials} with other transports'.
   */
  public Transport(
      TransportConfig config,
      String self,
      Identity identity,
      EventLoopGroup group,
      Executor blockingExecutor,
      PeerResolver resolver,
      Outbox outbox,
      Inbox inbox,
      SenderQuota quota,
      DialGate dials) {
    if (!FrameCodec.validName(self)) {
      throw new IllegalArgumentException("not a valid peer name: " + self);
    }
    this.ctx =
        new Context(
            Objects.requireNonNull(config, "config"),
            self,
            identity::sign,
            NoiseHandshake.StaticKey.generate(identity::sign),
            Objects.requireNonNull(resolver, "resolver"),
            Objects.requireNonNull(outbox, "outbox"),
            Objects.requireNonNull(inbox, "inbox"),
            Objects.requireNonNull(quota, "quota"),
            Objects.requireNonNull(blockingExecutor, "blockingExecutor"),
            new SecureRandom(),
            new AgentLog(self),
            new AtomicBoolean(),
            Objects.requireNonNull(dials, "dials"));
    this.group = Objects.requireNonNull(group, "group");
    this.inbound = new InboundConnections(ctx);
    if (config.sealed()) {
      AeadWarmUp.startOnce();
    } else {
      ctx.log()
          .warn(
              "links of {} are NOT encrypted after the handshake: a benchmark's plaintext baseline only ({})",
              self,
              Boolean.getBoolean(TransportConfig.UNSEALED_PROPERTY)
                  ? TransportConfig.UNSEALED_PROPERTY + " is set"
                  : "unsealed records");
    }
  }

  /** Binds; throws TransportException with a one-line reason. Returns the bound address. */
  public InetSocketAddress listen(String host, int port) {
    if (stopping.get()) {
      throw new IllegalStateException("transport of " + ctx.self() + " is closed");
    }
    if (server != null) {
      throw new IllegalStateException(
          "transport of " + ctx.self() + " already listens on " + server.localAddress());
    }
    ServerBootstrap bootstrap =
        TcpServers.bootstrap(group, 1024)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(32 * 1024, 64 * 1024))
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new ServerHandshake(ctx, inbound));
                  }
                });
    ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      Throwable cause = bound.cause();
      if (cause instanceof BindException && String.valueOf(cause.getMessage()).contains("in use")) {
        throw new TransportException(
            "port " + port + " is already in use; pick another with --port", cause);
      }
      throw new TransportException(
          "cannot listen on "
              + host
              + ":"
              + port
              + ": "
              + Causes.describe(cause)
              + "; check --host and --port",
          cause);
    }
    server = bound.channel();
    InetSocketAddress address = (InetSocketAddress) server.localAddress();
    ctx.log().debug("listening on {}", address);
    return address;
  }

  /**
   * New rows are pending for {@code peer}, or it just came online: make sure a link runs now
   * (resets its backoff).
   */
  public void wake(String peer) {
    if (!FrameCodec.validName(peer)) {
      throw new IllegalArgumentException("not a valid peer name: " + peer);
    }
    if (stopping.get()) {
      return;
    }
    links.computeIfAbsent(peer, p -> new Link(p, ctx, group.next())).wake();
  }

  /**
   * Closes the outbound links that have sent everything and heard nothing for {@code quiet}: in a
   * process of thousands of agents each open link holds a file at both ends. Each opens again on
   * its next wake.
   */
  public void closeQuietLinks(Duration quiet) {
    long nanos = quiet.toNanos();
    links.values().forEach(link -> link.closeIfQuiet(nanos));
  }

  /**
   * Longest text plus data (UTF-8 bytes) that fits one MSG frame with room for the other fields.
   */
  public int maxMessageBytes() {
    return ctx.config().maxFrameBytes() - 512;
  }

  /** Inbound connections open now, handshaking or not (for tests and metrics). */
  public int inboundConnections() {
    return inbound.size();
  }

  /**
   * How many outbound links are in each state ({@code ready}, {@code backoff}, ...), from any
   * thread without waiting on an event loop: a snapshot for metrics and health.
   */
  public java.util.Map<String, Integer> linkStates() {
    java.util.Map<String, Integer> byState = new java.util.TreeMap<>();
    links.values().forEach(link -> byState.merge(link.stateName(), 1, Integer::sum));
    return byState;
  }

  /** The state of every link and inbound connection, for diagnostics; several lines. */
  public String describe() {
    StringBuilder b = new StringBuilder(ctx.self()).append(" links:");
    links.values().forEach(link -> b.append("\n  ").append(link.describe()));
    return b.append("\n  inbound: ").append(inbound.describe()).toString();
  }

  /**
   * Graceful: stops listening and taking new work, lets in-flight messages get their ACKs and
   * inbound batches their commits (at most 2 s), says BYE, closes. Idempotent.
   */
  @Override
  public void close() {
    checkNotOnEventLoop();
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    closeServer();
    List<CompletableFuture<Void>> waits = new ArrayList<>(inbound.closeGracefully());
    links.values().forEach(link -> waits.add(link.close()));
    if (!await(waits, GRACE)) {
      ctx.log()
          .info(
              "in-flight messages were not acknowledged within {} ms; cutting the remaining connections",
              GRACE.toMillis());
      cutAll();
    }
    ctx.stopped().set(true);
  }

  /** Crash: cuts every socket now, no BYE, no further store calls. */
  public void abort() {
    checkNotOnEventLoop();
    stopping.set(true);
    ctx.stopped().set(true);
    closeServer();
    cutAll();
  }

  private void cutAll() {
    List<CompletableFuture<Void>> waits = new ArrayList<>(inbound.abort());
    links.values().forEach(link -> waits.add(link.abort()));
    await(waits, ABORT_WAIT);
  }

  private void closeServer() {
    Channel s = server;
    if (s != null) {
      s.close().awaitUninterruptibly(ABORT_WAIT.toMillis());
    }
  }

  private static boolean await(List<CompletableFuture<Void>> futures, Duration limit) {
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void checkNotOnEventLoop() {
    for (EventExecutor executor : group) {
      if (executor.inEventLoop()) {
        throw new IllegalStateException(
            "Transport.close/abort block; do not call them on an event loop");
      }
    }
  }
}

package p2pchat.harness;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * A TCP relay in front of one registry instance for one peer: the peer is given this front's
 * address instead of the registry's, so the registry can be frozen for every peer ({@code
 * registry.pause()}: connections stay open and new ones are accepted, but no byte passes either way
 * until {@code registry.resume()}, as with a SIGSTOPped server) or cut away from one peer ({@code
 * partition(registry, 'Ann')}: live connections reset, new ones refused, until healed). Each peer
 * has fronts of its own because in-process agents share their registry client per address; one
 * address per peer keeps each peer's registry traffic on its own connections. Thread-safe; each
 * connection's state is touched on its own event loop.
 */
final class RegistryFront {
  private final Channel server;
  private final int target;
  private final String host;
  private final BooleanSupplier paused;
  private final Set<Relay> live = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  /** A front listening on {@code host} (loopback, or the gateway of the host peers' network). */
  RegistryFront(EventLoopGroup group, String host, URI registry, BooleanSupplier paused) {
    this.target = registry.getPort();
    this.host = host;
    this.paused = paused;
    this.server = RelaySockets.listen(group, host, Relay::new);
  }

  /** The address the peer is given, as a URL. */
  URI url() {
    return URI.create(
        "http://" + host + ":" + ((InetSocketAddress) server.localAddress()).getPort());
  }

  /** Cut away: live connections are reset and new ones refused until {@link #heal()}. */
  void cut() {
    cut = true;
    live.forEach(Relay::abort);
  }

  void heal() {
    cut = false;
  }

  boolean isCut() {
    return cut;
  }

  /** After {@code registry.resume()}: what was held goes on, connections waiting are made. */
  void resume() {
    live.forEach(Relay::resume);
  }

  /** Bytes and connections held while paused, for tests. */
  int held() {
    return live.stream().mapToInt(Relay::heldNow).sum();
  }

  void close() {
    live.forEach(Relay::abort);
    server.close().syncUninterruptibly();
  }

  /** One connection from the peer, and its connection on to the registry once one is made. */
  private final class Relay extends RelaySockets.Side {
    private final Channel front;
    private final ArrayDeque<ByteBuf> toBack = new ArrayDeque<>();
    private final ArrayDeque<ByteBuf> toFront = new ArrayDeque<>();
    private Channel back;
    private boolean connecting;

    Relay(Channel front) {
      this.front = front;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      if (cut) {
        RelaySockets.reset(front);
        return;
      }
      live.add(this);
      if (!paused.getAsBoolean()) {
        connect();
      }
    }

    private void connect() {
      connecting = true;
      RelaySockets.dial(
          front,
          target,
          new Back(),
          opened -> {
            back = opened;
            flush(toBack, back);
          },
          () -> RelaySockets.reset(front)); // the registry is stopped: as if it refused
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      if (back == null || paused.getAsBoolean() || !toBack.isEmpty()) {
        toBack.addLast(buf);
        return;
      }
      back.writeAndFlush(buf);
    }

    void resume() {
      front
          .eventLoop()
          .execute(
              () -> {
                if (!front.isActive()) {
                  return;
                }
                if (back == null) {
                  if (!connecting) {
                    connect();
                  }
                  return;
                }
                flush(toBack, back);
                flush(toFront, front);
                if (!back.isActive()) {
                  front.close(); // the registry closed it while frozen
                }
              });
    }

    int heldNow() {
      return toBack.size() + toFront.size() + (back == null ? 1 : 0);
    }

    private void flush(ArrayDeque<ByteBuf> queue, Channel to) {
      while (!queue.isEmpty()) {
        to.write(queue.pollFirst());
      }
      to.flush();
    }

    void abort() {
      front
          .eventLoop()
          .execute(
              () -> {
                RelaySockets.reset(front);
                if (back != null) {
                  RelaySockets.reset(back);
                }
              });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      live.remove(this);
      toBack.forEach(ByteBuf::release);
      toBack.clear();
      if (back != null) {
        back.close();
      }
    }

    /** The connection on to the registry: its bytes back to the peer. */
    private final class Back extends RelaySockets.Side {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        if (paused.getAsBoolean() || !toFront.isEmpty()) {
          toFront.addLast(buf);
          return;
        }
        front.writeAndFlush(buf);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        if (paused.getAsBoolean()) {
          return; // a frozen server says nothing, not even goodbye; resume closes it
        }
        flush(toFront, front);
        front.close();
      }
    }
  }
}

package p2pchat.harness;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The sockets of a relay in the harness (a fault proxy, the registry's front): the port it listens
 * on, its back side (a connection to 127.0.0.1 on the front's event loop, with the front reading
 * nothing until it is open), and a reset of either. Stateless.
 */
final class RelaySockets {
  private RelaySockets() {}

  /**
   * Listens on {@code host}, port 0 (loopback, or the gateway of the host peers' network); each
   * accepted connection gets the handler {@code handlerOf} makes for it.
   */
  static Channel listen(
      EventLoopGroup group, String host, Function<SocketChannel, ChannelHandler> handlerOf) {
    return new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(handlerOf.apply(ch));
              }
            })
        .bind(host, 0)
        .syncUninterruptibly()
        .channel();
  }

  /**
   * Connects to 127.0.0.1:{@code port} with {@code handler}; then {@code opened} gets the channel
   * and the front reads again, or, if it could not connect, {@code failed} runs (the front stays
   * paused).
   */
  static void dial(
      Channel front, int port, ChannelHandler handler, Consumer<Channel> opened, Runnable failed) {
    front.config().setAutoRead(false);
    new Bootstrap()
        .group(front.eventLoop())
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(handler)
        .connect("127.0.0.1", port)
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (!f.isSuccess()) {
                    failed.run();
                    return;
                  }
                  opened.accept(f.channel());
                  front.config().setAutoRead(true);
                });
  }

  /** Closes {@code c} now as a TCP reset (SO_LINGER 0) instead of a FIN. */
  static void reset(Channel c) {
    try {
      c.config().setOption(ChannelOption.SO_LINGER, 0);
    } catch (RuntimeException closedAlready) {
      // nothing to reset
    }
    c.close();
  }

  /** A relay's handler of one side of a connection: a side that fails is closed, no more. */
  abstract static class Side extends ChannelInboundHandlerAdapter {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}

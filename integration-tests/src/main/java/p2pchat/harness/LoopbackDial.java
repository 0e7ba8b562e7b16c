package p2pchat.harness;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.function.Consumer;

/**
 * The back side of a relay in the harness (a fault proxy's connection, the registry's front): a
 * connection to 127.0.0.1 on the front's event loop, with the front reading nothing until it is
 * open. Stateless.
 */
final class LoopbackDial {
  private LoopbackDial() {}

  /**
   * Connects to 127.0.0.1:{@code port} with {@code handler}; then {@code opened} gets the channel
   * and the front reads again, or, if it could not connect, {@code failed} runs (the front stays
   * paused).
   */
  static void open(
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
}

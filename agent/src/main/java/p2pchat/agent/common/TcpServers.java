package p2pchat.agent.common;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * How the agent's TCP servers (its links' and its HTTP side's) are set up in Netty: on the
 * runtime's event loops, the address reusable at once after a restart, Nagle off for small frames.
 * Stateless.
 */
public final class TcpServers {
  private TcpServers() {}

  /** A server bootstrap on {@code group} that queues up to {@code backlog} connections. */
  public static ServerBootstrap bootstrap(EventLoopGroup group, int backlog) {
    return new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, backlog)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true);
  }
}

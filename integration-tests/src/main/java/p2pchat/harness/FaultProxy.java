package p2pchat.harness;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;

/**
 * A TCP proxy in front of one peer: it listens on a port of its own, which the peer advertises to
 * the registry, and forwards each connection to the peer's real port. It learns which peer a
 * connection comes from by reading the first frame (the wire HELLO carries the sender's name), so
 * faults can be applied per link. The real port can change when the peer restarts. Thread-safe.
 */
final class FaultProxy {
  private final FaultNet net;
  private final String owner;
  private final String host;
  private final Channel server;
  private volatile int target;

  /** A proxy listening on {@code host} (loopback, or the gateway of the host peers' network). */
  FaultProxy(FaultNet net, EventLoopGroup group, String owner, String host) {
    this.net = net;
    this.owner = owner;
    this.host = host;
    this.server = RelaySockets.listen(group, host, ch -> new ProxyConnection(this, ch));
  }

  /** The address other peers connect to, with {@link #port()}. */
  String host() {
    return host;
  }

  /** The port other peers connect to. */
  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Where the peer really listens now; 0 while it is down (connections are then refused). */
  void target(int port) {
    this.target = port;
  }

  int target() {
    return target;
  }

  String owner() {
    return owner;
  }

  Link link(String from) {
    return net.link(from, owner);
  }

  void close() {
    server.close().syncUninterruptibly();
  }
}

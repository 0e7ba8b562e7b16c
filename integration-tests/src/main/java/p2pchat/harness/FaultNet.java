package p2pchat.harness;

import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The fault-injecting network of one scenario: one {@link FaultProxy} in front of each peer (the
 * peer advertises the proxy's port, so every connection to it passes through), and the {@link Link}
 * state of each pair of peers. Host peers have no proxy: they are on the {@link HostNet}, whose
 * links a partition cuts in the kernel. Runs on the scenario's shared Netty event loops.
 * Thread-safe.
 */
final class FaultNet implements AutoCloseable {
  private final Scenario scenario;
  private final EventLoopGroup group;
  private final Map<String, Link> links = new ConcurrentHashMap<>();
  private final List<FaultProxy> proxies = new ArrayList<>();
  private final Map<String, HostNet.Host> hosts = new ConcurrentHashMap<>();
  private volatile HostNet hostNet;

  FaultNet(Scenario scenario, EventLoopGroup group) {
    this.scenario = scenario;
    this.group = group;
  }

  synchronized FaultProxy proxyFor(String peer) {
    return proxyFor(peer, "127.0.0.1");
  }

  /** A proxy for {@code peer} listening on {@code host}. */
  synchronized FaultProxy proxyFor(String peer, String host) {
    FaultProxy p = new FaultProxy(this, group, peer, host);
    proxies.add(p);
    return p;
  }

  /** {@code peer} is on a host of its own, {@code h} of {@code net}. */
  void onHost(String peer, HostNet.Host h, HostNet net) {
    hostNet = net;
    hosts.put(peer, h);
  }

  /** The host {@code peer} is on, or null for a peer behind a proxy. */
  HostNet.Host host(String peer) {
    return hosts.get(peer);
  }

  HostNet hostNet() {
    return hostNet;
  }

  /** The link between two peers (the same object whichever order they are named in). */
  Link link(String a, String b) {
    String key = a.compareTo(b) <= 0 ? a + "\u0000" + b : b + "\u0000" + a;
    return links.computeIfAbsent(key, k -> new Link(scenario, this, a, b));
  }

  List<Link> links() {
    return List.copyOf(links.values());
  }

  ScheduledExecutorService scheduler() {
    return group;
  }

  @Override
  public synchronized void close() {
    links.values().forEach(Link::healNow);
    proxies.forEach(FaultProxy::close);
    proxies.clear();
  }
}

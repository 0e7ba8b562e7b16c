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
 * state of each pair of peers. Runs on the scenario's shared Netty event loops. Thread-safe.
 */
final class FaultNet implements AutoCloseable {
  private final Scenario scenario;
  private final EventLoopGroup group;
  private final Map<String, Link> links = new ConcurrentHashMap<>();
  private final List<FaultProxy> proxies = new ArrayList<>();

  FaultNet(Scenario scenario, EventLoopGroup group) {
    this.scenario = scenario;
    this.group = group;
  }

  synchronized FaultProxy proxyFor(String peer) {
    FaultProxy p = new FaultProxy(this, group, peer);
    proxies.add(p);
    return p;
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

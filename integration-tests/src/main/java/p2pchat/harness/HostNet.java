package p2pchat.harness;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network of a scenario's host peers ({@code peer('Carol', host: true)}): a bridge in this
 * JVM's network namespace holding the gateway address 10.A.B.1/24, and for each host peer a network
 * namespace of its own joined to the bridge by a veth pair, its {@code eth0} at 10.A.B.N and its
 * {@code lo} up. Peers of this JVM reach a host at its address; a host reaches them (their proxies,
 * the registry fronts) at the gateway; hosts reach each other across the bridge. Nothing is routed
 * between interfaces, so no sysctl changes.
 *
 * <p>A cut ({@link #cut}) is a blackhole route in the sender's namespace: its packets to that
 * address never leave (a connect fails at once, packets of live connections are dropped), while the
 * other direction is untouched; {@link #restore} removes it. Namespaces, veths and the bridge are
 * named {@code p2p-PID-N}: {@link #close()} (also run by a shutdown hook, for Ctrl-C) removes them
 * all, and creating a network first removes those of runs whose process is gone (kill -9).
 * Thread-safe.
 */
final class HostNet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HostNet.class);
  private static final Pattern OURS = Pattern.compile("p2p-(\\d+)-(\\d+)");
  private static final int SUBNETS = 4096; // 10.160.0.0/24 to 10.175.255.0/24

  /** Names must differ across every scenario of this JVM, as the kernel's do: one count for all. */
  private static final AtomicInteger NEXT = new AtomicInteger();

  /** One host: the peer on it, its namespace, its address, and the bridge end of its veth pair. */
  record Host(String peer, String namespace, String address, String link) {}

  private final IpCommand ip;
  private final String bridge;
  private final int subnet; // 10.A.B.0 as an int
  private final List<Host> hosts = new ArrayList<>();
  private final Set<String> cuts = new HashSet<>(); // "namespace address"
  private final Thread hook = new Thread(this::close, "host-net-cleanup");
  private boolean closed;

  private HostNet(IpCommand ip, String bridge, int subnet) {
    this.ip = ip;
    this.bridge = bridge;
    this.subnet = subnet;
  }

  /**
   * The network of a scenario whose first host peer is {@code peer}; where host peers cannot run
   * (not root, no iproute2), the scenario is skipped, saying so in one line.
   */
  static HostNet forScenario(String peer) {
    IpCommand ip =
        IpCommand.usable()
            .orElseThrow(
                () ->
                    new ScenarioSkipped(
                        "skipped: peer('"
                            + peer
                            + "', host: true) needs root and ip (iproute2); "
                            + IpCommand.missing().orElse("they are missing")));
    return create(ip);
  }

  /** Creates the bridge on a /24 no address or route of this machine is in. */
  static HostNet create(IpCommand ip) {
    sweep(ip);
    String bridge = name();
    int subnet = freeSubnet(ip, NEXT.get());
    HostNet net = new HostNet(ip, bridge, subnet);
    Runtime.getRuntime().addShutdownHook(net.hook);
    try {
      ip.run("link", "add", bridge, "type", "bridge", "forward_delay", "0");
      ip.run("addr", "add", net.gateway() + "/24", "dev", bridge);
      ip.run("link", "set", bridge, "up");
    } catch (RuntimeException e) {
      net.close();
      throw e;
    }
    log.debug("host network {} on {}/24", bridge, dotted(subnet));
    return net;
  }

  /** The address hosts reach this JVM at: where proxies and registry fronts listen. */
  String gateway() {
    return dotted(subnet + 1);
  }

  /** A namespace of its own for {@code peer}, joined to the bridge. */
  synchronized Host add(String peer) {
    if (closed) {
      throw new IllegalStateException("the host network is closed");
    }
    if (hosts.size() >= 250) {
      throw new ScenarioError("a scenario has at most 250 host peers", "fewer host: true peers");
    }
    String ns = name();
    Host h = new Host(peer, ns, dotted(subnet + 2 + hosts.size()), ns);
    hosts.add(h); // before it exists, so close() removes whatever part of it was made
    ip.run("netns", "add", ns);
    ip.run("link", "add", h.link(), "type", "veth", "peer", "name", "eth0", "netns", ns);
    ip.run("-n", ns, "addr", "add", h.address() + "/24", "dev", "eth0");
    ip.run("-n", ns, "link", "set", "eth0", "up");
    ip.run("-n", ns, "link", "set", "lo", "up");
    ip.run("link", "set", h.link(), "master", bridge, "up");
    return h;
  }

  /** The host {@code peer} is on; for tests. */
  synchronized Host host(String peer) {
    return hosts.stream().filter(h -> h.peer().equals(peer)).findFirst().orElseThrow();
  }

  /** Runs {@code argv} inside the host's namespace. */
  List<String> command(Host h, List<String> argv) {
    return ip.inNamespace(h.namespace(), argv);
  }

  /** From now on, packets {@code from} sends to {@code to} are dropped before they leave. */
  synchronized void cut(Host from, Host to) {
    if (!closed && cuts.add(from.namespace() + " " + to.address())) {
      ip.run("-n", from.namespace(), "route", "add", "blackhole", to.address() + "/32");
    }
  }

  /** Undoes {@link #cut}. */
  synchronized void restore(Host from, Host to) {
    if (!closed && cuts.remove(from.namespace() + " " + to.address())) {
      ip.run("-n", from.namespace(), "route", "del", "blackhole", to.address() + "/32");
    }
  }

  /** The blackhole routes in place, as "namespace address", for tests. */
  synchronized Set<String> cuts() {
    return Set.copyOf(cuts);
  }

  /** Removes every namespace, veth and the bridge; safe to call twice and from the hook. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Host h : hosts) {
      // the veth first: deleting a namespace destroys its end only later, asynchronously
      ip.tryRun("link", "del", h.link());
      ip.tryRun("netns", "del", h.namespace()).ifPresent(why -> log.debug("{}", why));
    }
    ip.tryRun("link", "del", bridge).ifPresent(why -> log.debug("{}", why));
    cuts.clear();
    if (Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
  }

  /** The namespaces a kill -9 of a run left behind (their pid is gone): removed, with links. */
  static void sweep(IpCommand ip) {
    for (String line : ip.run("netns", "list").split("\n")) {
      String name = line.trim().split("\\s+")[0];
      if (isLeftover(name)) {
        ip.tryRun("netns", "del", name);
      }
    }
    for (String line : ip.run("-o", "link", "show").split("\n")) {
      String[] f = line.trim().split("\\s+");
      String name = f.length > 1 ? f[1].replaceAll("[@:].*$", "") : "";
      if (isLeftover(name)) {
        ip.tryRun("link", "del", name);
      }
    }
  }

  /** Names of ours (p2p-PID-N) whose process no longer runs. */
  static boolean isLeftover(String name) {
    Matcher m = OURS.matcher(name);
    return m.matches()
        && !ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The namespaces of this JVM's runs now, for tests: every {@code p2p-PID-N} of ours. */
  static List<String> namespacesOfThisJvm(IpCommand ip) {
    String mine = "p2p-" + ProcessHandle.current().pid() + "-";
    List<String> out = new ArrayList<>();
    for (String line : ip.run("netns", "list").split("\n")) {
      String name = line.trim().split("\\s+")[0];
      if (name.startsWith(mine)) {
        out.add(name);
      }
    }
    return out;
  }

  private static String name() {
    return "p2p-" + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet();
  }

  /** A /24 of 10.160.0.0/12 that clashes with nothing here, starting where this pid points. */
  private static int freeSubnet(IpCommand ip, int n) {
    List<int[]> used = ip.prefixesInUse();
    long start = ProcessHandle.current().pid() * 7919L + n * 131L;
    for (int i = 0; i < SUBNETS; i++) {
      int k = (int) ((start + i) % SUBNETS);
      int candidate = (10 << 24) | (160 << 16) | (k << 8);
      if (used.stream().noneMatch(u -> IpCommand.overlap(u, new int[] {candidate, 24}))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no free /24 in 10.160.0.0/12 for the host network");
  }

  private static String dotted(int a) {
    return ((a >>> 24) & 255)
        + "."
        + ((a >>> 16) & 255)
        + "."
        + ((a >>> 8) & 255)
        + "."
        + (a & 255);
  }
}

package p2pchat.harness;

/**
 * The part of a {@link Link} that touches host peers. Between two host peers a partition acts on
 * the link itself ({@link HostNet#cut}: a blackhole route in the sender's namespace), and heal
 * removes it. Every other fault acts in the proxies, and a host peer has no proxy in front of it:
 * on a link with one at either end such a fault is refused, and so is a partition between a host
 * peer and one that is not, each with a message that says what works. Thread-safe (the cuts are
 * kept by the {@link HostNet}).
 */
record HostLink(FaultNet net, String a, String b) {

  /** Both ends are host peers: a partition acts on the link itself. */
  boolean both() {
    return net.host(a) != null && net.host(b) != null;
  }

  /** Packets {@code from} sends to {@code to} are dropped before they leave its namespace. */
  void cut(String from, String to) {
    net.hostNet().cut(net.host(from), net.host(to));
  }

  /** Both directions as they were (nothing is done where nothing was cut). */
  void restore() {
    if (both()) {
      net.hostNet().restore(net.host(a), net.host(b));
      net.hostNet().restore(net.host(b), net.host(a));
    }
  }

  /** Refuses a nemesis fault this link cannot take, before the schedule runs. */
  void check(String fault) {
    if (!(both() && (fault.equals("partition") || fault.equals("oneWay")))) {
      requireProxies(fault.equals("oneWay") ? "partition(oneWay: true)" : fault);
    }
  }

  /** A fault that acts in the proxies ({@code word}) is refused if either end is a host peer. */
  void requireProxies(String word) {
    String onHost = net.host(a) != null ? a : net.host(b) != null ? b : null;
    if (onHost == null) {
      return;
    }
    String link = word + " on link(" + a + ", " + b + ") is not available: ";
    if (both()) {
      throw new ScenarioError(
          link
              + "both are host peers, with no proxy between them; on their link only partition"
              + " (both ways or oneWay) and heal act, in the kernel",
          "partition('" + a + "', '" + b + "'), heal(), or process: true for the proxy's faults");
    }
    String other = onHost.equals(a) ? b : a;
    throw new ScenarioError(
        link
            + onHost
            + " is a host peer and "
            + other
            + " is not; link faults act in proxies (neither on a host) or, for a partition, on"
            + " the link between two host peers",
        "peer('" + other + "', host: true), or peer('" + onHost + "', process: true)");
  }
}

package p2pchat.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import p2pchat.agent.Durability;
import p2pchat.agent.common.PeerNames;

/**
 * Makes a scenario's peers from {@code peer(...)}'s options: in this JVM, as a process, or as a
 * process on a host of its own (a network namespace, {@link HostNet}, which it brings up with the
 * first host peer and removes on {@link #close}); each behind its fault proxy, or, on a host, on
 * its own address. Called on the scenario thread.
 */
final class PeerMaker implements AutoCloseable {
  static final java.util.Set<String> OPTIONS =
      java.util.Set.of("script", "process", "host", "durability", "start");

  private final Scenario scenario;
  private final ScenarioSource source;
  private final Path workDir;
  private final PeerLogs logs;
  private HostNet hosts; // null until the first host peer (or a file that declares one) needs it

  PeerMaker(Scenario scenario, ScenarioSource source, Path workDir, PeerLogs logs) {
    this.scenario = scenario;
    this.source = source;
    this.workDir = workDir;
    this.logs = logs;
  }

  Peer peer(Map<String, ?> options, String peerName) {
    Args.checkOptions("peer", options, OPTIONS);
    if (!PeerNames.valid(peerName)) {
      throw new ScenarioError(
          "peer name '" + peerName + "' is not valid", "1-64 of A-Z a-z 0-9 _ . -");
    }
    boolean onHost = Args.flag(options, "host", "peer('" + peerName + "', host: true)");
    if (onHost && Boolean.FALSE.equals(options.get("process"))) {
      throw new ScenarioError(
          "peer('"
              + peerName
              + "', host: true, process: false) contradicts itself: a host peer is a process of"
              + " its own",
          "peer('" + peerName + "', host: true)");
    }
    if (scenario.peers().containsKey(peerName)) {
      throw new ScenarioError(
          "peer('" + peerName + "') is declared twice",
          "a new name, or " + peerName + ".start() to restart it");
    }
    if (scenario.registryOrNull() == null) {
      throw new ScenarioError(
          "peer('" + peerName + "') needs a registry first",
          "registry() before the first peer(...)");
    }
    Path script =
        options.get("script") == null
            ? null
            : source.resolveScript(String.valueOf(options.get("script")));
    boolean process = Boolean.TRUE.equals(options.get("process"));
    Durability durability = Args.durability(options.get("durability"));
    boolean startNow = !Boolean.FALSE.equals(options.get("start"));
    Path dataDir = workDir.resolve("peers").resolve(peerName);
    Path log = workDir.resolve(peerName + ".log");
    Duration heartbeat = scenario.registry().getHeartbeat().toDuration();
    Peer p;
    if (onHost) {
      HostNet.Host h = hostNet(peerName).add(peerName);
      scenario.net().onHost(peerName, h, hosts);
      List<java.net.URI> fronts =
          scenario.registry().frontsFor(peerName, scenario.runtime().group(), hosts.gateway());
      PeerSpec spec =
          new PeerSpec(
              peerName, fronts, dataDir, script, h.address(), null, 0, heartbeat, durability);
      p =
          new Peer(
              scenario, spec, new ProcessDriver(log, cmd -> hosts.command(h, cmd), "host"), null);
    } else {
      FaultProxy proxy = scenario.net().proxyFor(peerName, localHost());
      List<java.net.URI> fronts =
          scenario.registry().frontsFor(peerName, scenario.runtime().group(), localHost());
      PeerSpec spec =
          new PeerSpec(
              peerName,
              fronts,
              dataDir,
              script,
              "127.0.0.1",
              proxy.host(),
              proxy.port(),
              heartbeat,
              durability);
      PeerDriver driver =
          process ? new ProcessDriver(log) : new InProcessDriver(scenario.runtime(), logs);
      p = new Peer(scenario, spec, driver, proxy);
    }
    scenario.peers().put(peerName, p);
    if (startNow) {
      scenario.starts().start(p, source.callerLine(), source.label(source.callerLine(), "peer"));
    }
    return p;
  }

  /**
   * This scenario has host peers: their network comes up now, so that every proxy and registry
   * front made from now on listens on its gateway, where the hosts reach them. The runner calls it
   * before a story whose file declares {@code peer(..., host: true)}; otherwise the first host peer
   * does. Where host peers cannot run, the scenario is skipped, saying why in one line.
   */
  void useHosts(String firstHostPeer) {
    hostNet(firstHostPeer);
  }

  private HostNet hostNet(String peerName) {
    if (hosts != null) {
      return hosts;
    }
    if (!scenario.peers().isEmpty()) {
      throw new ScenarioError(
          "peer('"
              + peerName
              + "', host: true) comes after "
              + String.join(", ", scenario.peers().keySet())
              + ", who listen on loopback, where a host cannot reach them",
          "declare the host peers first");
    }
    hosts = HostNet.forScenario(peerName);
    return hosts;
  }

  /** The host peers' network, or null before the first; for tests. */
  HostNet hosts() {
    return hosts;
  }

  /**
   * Where this JVM's listeners go: loopback, or the gateway once there are host scenario.peers().
   */
  private String localHost() {
    return hosts == null ? "127.0.0.1" : hosts.gateway();
  }

  @Override
  public void close() {
    if (hosts != null) {
      hosts.close();
    }
  }
}

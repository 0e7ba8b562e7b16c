package p2pchat.harness;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentRuntime;
import p2pchat.agent.Message;
import p2pchat.agent.store.Store;

/**
 * A peer as a real {@link Agent} in this JVM, on the scenario's shared {@link AgentRuntime}: real
 * sockets, a real SQLite file. A crash is {@link Agent#crash()} (sockets cut, no goodbye,
 * uncommitted work dropped). Thread-safe for {@link #history()}; the rest runs on the scenario
 * thread.
 */
final class InProcessDriver implements PeerDriver {
  private final AgentRuntime runtime;
  private final PeerLogs logs;
  private volatile Agent agent;
  private volatile PeerSpec spec;
  private volatile CompletableFuture<Void> ended = new CompletableFuture<>();

  InProcessDriver(AgentRuntime runtime, PeerLogs logs) {
    this.runtime = runtime;
    this.logs = logs;
  }

  private volatile java.time.Duration skew = java.time.Duration.ZERO; // kept across restarts

  @Override
  public int start(PeerSpec s) {
    this.spec = s;
    AgentConfig config =
        AgentConfig.of(s.name(), s.registry(), s.dataDir())
            .withDiscovery(s.registries())
            .withListen(s.listenHost(), 0)
            .withAdvertisedHost(s.advertisedHost())
            .withAdvertisedPort(s.advertisedPort())
            .withHeartbeat(s.heartbeat())
            .withDurability(s.durability())
            .withClockSkew(skew);
    if (s.script() != null) {
      config = config.withScript(s.script());
    }
    Agent a = Agent.start(config, runtime);
    CompletableFuture<Void> done = new CompletableFuture<>();
    a.terminated().whenComplete((v, e) -> done.complete(null));
    this.ended = done;
    this.agent = a;
    return a.address().getPort();
  }

  @Override
  public CompletableFuture<Message> send(String to, String text, String dataJson) {
    return agent.send(to, text, dataJson, null);
  }

  @Override
  public CompletableFuture<Message> send(
      String to, String text, String dataJson, java.time.Duration ttl) {
    return agent.send(to, text, dataJson, ttl);
  }

  @Override
  public CompletableFuture<Void> fillStorage(boolean full) {
    return agent.fillStorage(full);
  }

  @Override
  public CompletableFuture<Void> skewClock(java.time.Duration skew) {
    this.skew = skew;
    if (agent != null) {
      agent.skewClock(skew);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> room(String word, String room, List<String> names) {
    return RoomWords.apply(agent, word, room, names);
  }

  @Override
  public void stop() {
    end(Agent::stop);
  }

  @Override
  public void crash() {
    end(Agent::crash);
  }

  /** The running agent, if any, let go of and ended {@code how}. */
  private void end(java.util.function.Consumer<Agent> how) {
    Agent a = agent;
    agent = null;
    if (a != null) {
      how.accept(a);
    }
  }

  @Override
  public void pause() {
    throw new ScenarioError(
        "pause() needs a process peer (SIGSTOP)", "peer('" + spec.name() + "', process: true)");
  }

  @Override
  public void resume() {
    pause();
  }

  @Override
  public List<Message> history() {
    if (spec == null) {
      return List.of(); // declared with start: false and never started
    }
    Agent a = agent;
    if (a != null && !a.terminated().isDone()) {
      try {
        return a.history(null);
      } catch (RuntimeException stoppedMeanwhile) {
        // fall through to the file
      }
    }
    return StoreReader.history(spec.dataDir(), spec.name());
  }

  @Override
  public List<String> logTail(int lines) {
    return logs.tail(spec == null ? "" : spec.name(), lines);
  }

  @Override
  public CompletableFuture<Void> ended() {
    return ended;
  }

  @Override
  public String mode() {
    return "in-process";
  }

  /** Reads a peer's database read-only, beside a running agent or after it stopped. */
  static final class StoreReader {
    private StoreReader() {}

    static List<Message> history(java.nio.file.Path dataDir, String name) {
      if (!java.nio.file.Files.isDirectory(dataDir)) {
        return List.of();
      }
      try (Store store = Store.openReadOnly(dataDir, name)) {
        return store.history(null);
      }
    }
  }
}

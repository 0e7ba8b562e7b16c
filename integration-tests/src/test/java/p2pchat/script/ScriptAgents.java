package p2pchat.script;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentRuntime;
import p2pchat.discovery.EmbeddedRegistry;

/**
 * Real agents running scripts in one folder, against a real registry started on first use (a 1 s
 * lease, 200 ms heartbeats); {@link #close} crashes them, newest first, and stops the registry. Not
 * thread-safe: one test drives it.
 */
final class ScriptAgents implements AutoCloseable {
  /** The repository's scripts/ folder. */
  static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();

  private final Path dir;
  private final AgentRuntime runtime = AgentRuntime.create();
  private final List<Agent> agents = new ArrayList<>();
  private EmbeddedRegistry registry;

  ScriptAgents(Path dir) {
    this.dir = dir;
  }

  AgentRuntime runtime() {
    return runtime;
  }

  EmbeddedRegistry registry() {
    if (registry == null) {
      registry =
          EmbeddedRegistry.start(
              EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db"))
                  .withLease(Duration.ofMillis(1000), Duration.ofMillis(200))
                  .withLogging(false));
    }
    return registry;
  }

  /** Starts {@code name} (data in {@code dir/name}) running {@code script}, or none if null. */
  Agent start(String name, Path script) {
    AgentConfig config =
        AgentConfig.of(name, registry().url(), dir.resolve(name))
            .withHeartbeat(Duration.ofMillis(200));
    Agent agent = Agent.start(script == null ? config : config.withScript(script), runtime);
    agents.add(agent);
    return agent;
  }

  @Override
  public void close() {
    for (int i = agents.size() - 1; i >= 0; i--) {
      agents.get(i).crash();
    }
    if (registry != null) {
      registry.close();
    }
    runtime.close();
  }
}

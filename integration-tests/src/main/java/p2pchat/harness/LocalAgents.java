package p2pchat.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentListener;
import p2pchat.agent.AgentRuntime;
import p2pchat.discovery.EmbeddedRegistry;

/**
 * A registry in this JVM and the agents started beside it on one runtime, for end-to-end tests and
 * benchmarks; closing crashes the agents newest first, then closes the registry and the runtime.
 * Not thread-safe: one per test or run.
 */
public final class LocalAgents implements AutoCloseable {
  private final EmbeddedRegistry registry;
  private final AgentRuntime runtime = AgentRuntime.create();
  private final List<Agent> agents = new ArrayList<>();

  /** Starts the registry with {@code settings}. */
  public LocalAgents(EmbeddedRegistry.Settings settings) {
    this.registry = EmbeddedRegistry.start(settings);
  }

  public EmbeddedRegistry registry() {
    return registry;
  }

  public AgentRuntime runtime() {
    return runtime;
  }

  public Agent start(AgentConfig config, AgentListener... listeners) {
    Agent agent = Agent.start(config, runtime, listeners);
    agents.add(agent);
    return agent;
  }

  /** The agents started and not forgotten, oldest first. */
  public List<Agent> agents() {
    return Collections.unmodifiableList(agents);
  }

  /** An agent the caller ended for good: closing leaves it alone. */
  public void forget(Agent agent) {
    agents.remove(agent);
  }

  @Override
  public void close() {
    for (int i = agents.size() - 1; i >= 0; i--) {
      agents.get(i).crash();
    }
    registry.close();
    runtime.close();
  }
}

package p2pchat.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentListener;
import p2pchat.agent.AgentRuntime;
import p2pchat.agent.Message;
import p2pchat.agent.http.AgentHttp;
import p2pchat.agent.http.BearerToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code p2pchat agent}: runs one headless agent until it is stopped (Ctrl-C, SIGTERM, or its
 * script).
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description =
        "Run a headless agent: it stores what it receives and delivers what it queued; a script decides what it says.")
public final class AgentCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger("p2pchat.agent");

  @Mixin AgentOptions options;

  @Mixin HttpOptions http;

  @Option(names = "--script", description = "Groovy bot script (see docs/scripting.md)")
  Path script;

  @Override
  public Integer call() {
    if (script != null && !Files.isReadable(script)) {
      return Cli.fail("agent", "cannot read script " + script + "; check the path");
    }
    AgentConfig config;
    AgentHttp.Settings httpSettings;
    try {
      config = options.toConfig(script);
      httpSettings = http.toSettings();
    } catch (IllegalArgumentException e) {
      return Cli.badOption("agent", e.getMessage());
    }
    AgentRuntime runtime = AgentRuntime.create();
    Agent agent;
    try {
      agent = Agent.start(config, runtime, new Logged());
    } catch (RuntimeException e) {
      runtime.close();
      return Cli.fail("agent", e.getMessage());
    }
    AgentHttp served = null;
    if (httpSettings != null) {
      try {
        served = AgentHttp.start(agent, runtime, httpSettings);
      } catch (RuntimeException e) {
        agent.stop();
        runtime.close();
        return Cli.fail("agent", e.getMessage());
      }
    }
    AgentHttp httpSide = served;
    try {
      serveWebhooks(agent, httpSide);
    } catch (RuntimeException e) {
      if (httpSide != null) {
        httpSide.close();
      }
      agent.stop();
      runtime.close();
      return Cli.fail("agent", e.getMessage());
    }
    Thread hook =
        new Thread(
            () -> {
              if (httpSide != null) {
                httpSide.close();
              }
              agent.stop();
            },
            "agent-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.printf(
        "agent %s listening on %s:%d (registry %s, data %s)%n",
        agent.name(),
        agent.config().advertised(),
        agent.address().getPort(),
        agent.config().discovery(),
        agent.config().dataDir());
    if (httpSide != null) {
      BearerToken token = httpSide.token();
      System.out.printf(
          "HTTP on http://%s:%d (GET /health open; /metrics and POST /send need the token in %s)%n",
          httpSide.address().getHostString(), httpSide.address().getPort(), token.file());
      if (token.created()) {
        System.out.println(
            "HTTP token, made now and kept in " + token.file() + ": " + token.value());
      }
    }
    System.out.flush();
    agent.terminated().join();
    if (httpSide != null) {
      httpSide.close();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is already running
    }
    runtime.close();
    return 0;
  }

  /**
   * A script's webhooks go on the HTTP side; without one they cannot be reached, and it says so.
   */
  private static void serveWebhooks(Agent agent, AgentHttp httpSide) {
    agent
        .script()
        .ifPresent(
            script -> {
              if (httpSide != null) {
                script.serveWebhooks(agent, httpSide.routes());
              } else if (!script.webhookPaths().isEmpty()) {
                System.err.println(
                    "p2pchat agent: the script's webhooks "
                        + new java.util.TreeSet<>(script.webhookPaths())
                        + " are not served: start the agent with --http PORT");
              }
            });
  }

  /** Without a script the agent stores and logs what arrives; script reloads are shown. */
  private static final class Logged implements AgentListener {
    @Override
    public void scriptReloaded(Path file, String error) {
      if (error == null) {
        System.out.println("reloaded " + file);
      } else {
        System.err.println("p2pchat agent: " + error + " (the previous version keeps running)");
      }
    }

    @Override
    public void received(java.util.List<Message> messages) {
      for (Message m : messages) {
        log.info("{} -> {}: {}", m.from(), m.to(), m.text());
      }
    }
  }
}

package p2pchat.agent.script;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentException;
import p2pchat.agent.http.HttpReply;
import p2pchat.agent.http.HttpRoute;
import p2pchat.agent.http.HttpRoutes;

/**
 * A script's webhooks on an agent's HTTP side: one route per {@code webhook('/path')} of the loaded
 * version, kept in step across hot reloads. A request runs on the agent's dispatch thread as one
 * call of a round ({@link Agent#callBehavior}), so the block's effects commit like a message
 * handler's, and is answered after that commit: the block's answer, 500 if it threw, 400 for a body
 * that is not JSON when it read {@code req.json}, 503 if the round did not commit. Thread-safe:
 * syncs are serialized; routes are called on the HTTP threads.
 */
final class Webhooks {

  private final Agent agent;
  private final ScriptHost host;
  private final HttpRoutes routes;
  private final Map<String, String> served = new HashMap<>(); // path -> method

  Webhooks(Agent agent, ScriptHost host, HttpRoutes routes) {
    this.agent = agent;
    this.host = host;
    this.routes = routes;
  }

  /**
   * Serves exactly {@code wanted}'s webhooks; if one cannot be added, none of the new ones are and
   * the one-line reason is thrown, naming the script's line.
   */
  synchronized void sync(String fileName, Map<String, Handlers.Webhook> wanted) {
    List<String> added = new ArrayList<>();
    for (Handlers.Webhook w : wanted.values()) {
      if (w.method().equals(served.get(w.path()))) {
        continue;
      }
      if (served.containsKey(w.path())) {
        continue; // its method changed: swapped below, once the others are in
      }
      try {
        routes.add(w.method(), w.path(), route(w.path()));
        added.add(w.path());
      } catch (IllegalArgumentException e) {
        added.forEach(routes::remove);
        throw new ScriptException(
            "("
                + fileName
                + ", line "
                + w.line()
                + ") webhook "
                + w.path()
                + ": "
                + e.getMessage());
      }
    }
    for (Map.Entry<String, String> e : new ArrayList<>(served.entrySet())) {
      Handlers.Webhook w = wanted.get(e.getKey());
      if (w == null || !w.method().equals(e.getValue())) {
        routes.remove(e.getKey());
        served.remove(e.getKey());
        if (w != null) {
          routes.add(w.method(), w.path(), route(w.path()));
          served.put(w.path(), w.method());
        }
      }
    }
    added.forEach(p -> served.put(p, wanted.get(p).method()));
  }

  synchronized void close() {
    served.keySet().forEach(routes::remove);
    served.clear();
  }

  private HttpRoute route(String path) {
    return request ->
        agent
            .callBehavior(fx -> host.webhook(path, request, fx))
            .exceptionally(failure -> failed(path, failure));
  }

  static HttpReply failed(String path, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof ScriptRequest.NotJson) {
      return HttpReply.error(400, cause.getMessage());
    }
    if (cause instanceof AgentException) {
      return HttpReply.error(503, "webhook " + path + " not run: " + cause.getMessage());
    }
    return HttpReply.error(
        500,
        "webhook "
            + path
            + " failed: "
            + ScriptErrors.describe(ScriptErrors.unwrap(cause))
            + " (the agent's log has the script's line)");
  }
}

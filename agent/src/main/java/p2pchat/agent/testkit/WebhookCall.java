package p2pchat.agent.testkit;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import p2pchat.agent.http.HttpReply;
import p2pchat.agent.http.HttpRequest;
import p2pchat.agent.script.ScriptHost;

/**
 * A call of a script's webhook in the test kit, as the agent's HTTP side makes it: the request as
 * that side hands it over (header names in lower case, a JSON body's content type), the block's
 * effects committed like a message handler's, a failure answered as the agent answers it.
 * Stateless.
 */
final class WebhookCall {
  private WebhookCall() {}

  static HttpRequest request(
      String method,
      String path,
      Map<String, String> headers,
      Map<String, String> query,
      String body,
      boolean isJson) {
    Map<String, String> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
    if (isJson) {
      h.putIfAbsent("content-type", "application/json");
    }
    Map<String, List<String>> q = new LinkedHashMap<>();
    query.forEach((k, v) -> q.put(k, List.of(v)));
    return new HttpRequest(method, path, q, h, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Runs the webhook at {@code path} in one call of its own on {@code core}. */
  static WebhookResponse run(MemoryCore core, ScriptHost host, String path, HttpRequest request) {
    MemoryEffects fx = new MemoryEffects(core);
    HttpReply reply;
    try {
      reply = host.webhook(path, request, fx);
      core.commit(fx);
    } catch (Exception | LinkageError | AssertionError e) {
      reply = ScriptHost.webhookFailed(path, e);
      core.failed(host, null, e);
    }
    return new WebhookResponse(
        reply.status(), reply.contentType(), new String(reply.body(), StandardCharsets.UTF_8));
  }
}

package p2pchat.agent.script;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import p2pchat.agent.http.HttpReply;

/**
 * What a webhook's block returned, as an HTTP answer: {@code [status: 202, body: [ok: true]]} (a
 * map or list body as JSON, a text as text), a bare text or value (200), or nothing (204).
 * Stateless and thread-safe.
 */
final class WebhookReply {

  private static final Set<String> KEYS = Set.of("status", "body");

  private WebhookReply() {}

  static HttpReply of(Object value) {
    if (value == null) {
      return new HttpReply(204, "text/plain; charset=utf-8", new byte[0]);
    }
    if (value instanceof Map<?, ?> map && map.containsKey("status")) {
      for (Object key : map.keySet()) {
        if (!KEYS.contains(String.valueOf(key))) {
          throw new DslException(
              "a webhook's answer has status: and body:, not '"
                  + key
                  + "'; like [status: 202, body: [ok: true]]");
        }
      }
      if (!(map.get("status") instanceof Number n) || n.intValue() < 200 || n.intValue() > 599) {
        throw new DslException(
            "a webhook's status: is an HTTP status from 200 to 599, not " + map.get("status"));
      }
      return body(n.intValue(), map.get("body"));
    }
    return body(200, value);
  }

  private static HttpReply body(int status, Object body) {
    if (body == null) {
      return new HttpReply(status, "text/plain; charset=utf-8", new byte[0]);
    }
    if (body instanceof CharSequence text) {
      return HttpReply.text(status, "text/plain; charset=utf-8", text.toString());
    }
    return new HttpReply(
        status,
        "application/json",
        Json.write(body, "a webhook's body").getBytes(StandardCharsets.UTF_8));
  }
}

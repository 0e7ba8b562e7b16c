package p2pchat.agent.script;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import p2pchat.agent.http.HttpRequest;

/**
 * An HTTP request as a webhook's block sees it: {@code req.json} (the body parsed, or null when
 * empty), {@code req.text}, {@code req.headers} (names in lower case), {@code req.query} (each
 * parameter's first value), {@code req.method}, {@code req.path}. Serializable so that a timer
 * block that captured {@code req} survives a restart. Immutable apart from the lazily parsed body;
 * used on one dispatch thread at a time.
 */
public final class ScriptRequest implements Serializable {

  private static final long serialVersionUID = 1L;

  /** {@code req.json} of a body that is not JSON: the client's fault, answered with 400. */
  static final class NotJson extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    NotJson(String message) {
      super(message);
    }
  }

  private final String method;
  private final String path;
  private final Map<String, String> query;
  private final Map<String, String> headers;
  private final String text;
  private transient Object json;

  ScriptRequest(HttpRequest request) {
    this.method = request.method();
    this.path = request.path();
    Map<String, String> q = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : request.query().entrySet()) {
      if (!e.getValue().isEmpty()) {
        q.put(e.getKey(), e.getValue().get(0));
      }
    }
    this.query = Map.copyOf(q);
    this.headers = Map.copyOf(request.headers());
    this.text = request.text();
  }

  public String getMethod() {
    return method;
  }

  public String getPath() {
    return path;
  }

  public Map<String, String> getQuery() {
    return query;
  }

  public Map<String, String> getHeaders() {
    return headers;
  }

  public String getText() {
    return text;
  }

  /** The body parsed from JSON into maps and lists; null for an empty body. */
  public Object getJson() {
    if (json == null && !text.isBlank()) {
      try {
        json = Json.parse(text);
      } catch (RuntimeException e) {
        throw new NotJson("the request's body is not JSON; send JSON or read req.text");
      }
    }
    return json;
  }

  /** Called by Groovy for {@code req.somethingElse}: say what a request has instead. */
  public Object propertyMissing(String name) {
    throw DslException.noProperty("a request", name, "json, text, headers, query, method, path");
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}

package p2pchat.agent.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as a route sees it: method, path (without the query), the query's parameters,
 * the headers (names in lower case, the last value of each) and the body. Immutable (the body array
 * is the route's to read, not to change).
 */
public record HttpRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    byte[] body) {

  /** The body as UTF-8 text. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** A header's value by its name in any case, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }
}

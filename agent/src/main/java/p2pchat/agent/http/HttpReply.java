package p2pchat.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A route's answer: status, content type and body bytes. Errors are one line of JSON {@code
 * {"code": 404, "message": "..."}}, as the registry answers. Immutable.
 */
public record HttpReply(int status, String contentType, byte[] body) {
  static final String JSON = "application/json";
  private static final ObjectMapper JSON_WRITER = new ObjectMapper();

  /** A JSON body (a map, a list, a record Jackson can write). */
  public static HttpReply json(int status, Object body) {
    try {
      return new HttpReply(status, JSON, JSON_WRITER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the reply as JSON: " + e.getMessage(), e);
    }
  }

  /** The usual one-line error: {@code {"code": status, "message": message}}. */
  public static HttpReply error(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", status);
    body.put("message", message);
    return json(status, body);
  }

  public static HttpReply text(int status, String contentType, String body) {
    return new HttpReply(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }
}

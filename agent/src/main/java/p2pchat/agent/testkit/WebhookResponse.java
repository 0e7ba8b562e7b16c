package p2pchat.agent.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a bot's webhook answered in a test: the status, the content type and the body as text;
 * {@link #json()} parses a JSON body into maps and lists ({@code r.json.ok} in a test file).
 * Immutable.
 */
public record WebhookResponse(int status, String contentType, String text) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The body parsed as JSON, or null for an empty body or one that is not JSON. */
  public Object json() {
    if (text.isBlank() || contentType == null || !contentType.startsWith("application/json")) {
      return null;
    }
    try {
      return JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** For Groovy: {@code r.json}. */
  public Object getJson() {
    return json();
  }

  public int getStatus() {
    return status;
  }

  public String getText() {
    return text;
  }

  @Override
  public String toString() {
    return status + " " + text;
  }
}

package p2pchat.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import p2pchat.agent.Agent;
import p2pchat.agent.Message;
import p2pchat.agent.Names;
import p2pchat.agent.common.Causes;
import p2pchat.agent.common.DurationWords;
import p2pchat.agent.rooms.RoomNames;

/**
 * {@code POST /send {"to": "Carol" | "#ops", "text": ..., "data": {...}, "ttl": "30s"}}: queues the
 * message with {@link Agent#send} and answers 202 {@code {"id": ...}} once it is committed — never
 * before. Bad input gets one line: 400 naming the field, 404 for a peer the agent does not know,
 * 403 for a room it is not in, 400 for a message too big for a frame, 503 when the store cannot
 * commit. Stateless apart from the agent; thread-safe.
 */
final class SendRoute implements HttpRoute {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("to", "text", "data", "ttl");
  private static final Pattern TTL = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]+)");

  private final Agent agent;

  SendRoute(Agent agent) {
    this.agent = agent;
  }

  /** A send's fields, checked. */
  record Body(String to, String text, String data, Duration ttl) {}

  @Override
  public CompletableFuture<HttpReply> answer(HttpRequest request) {
    Body body;
    try {
      body = parse(request.body());
    } catch (IllegalArgumentException e) {
      return done(HttpReply.error(400, e.getMessage()));
    }
    if (RoomNames.isRoom(body.to())) {
      if (agent.rooms().joined().stream().noneMatch(r -> r.room().equals(body.to()))) {
        return done(
            HttpReply.error(
                403,
                "this agent is not a member of "
                    + body.to()
                    + "; create it, or ask its owner to invite you"));
      }
    } else if (agent.peer(body.to()).isEmpty()) {
      return done(
          HttpReply.error(
              404,
              "unknown peer "
                  + body.to()
                  + ": the registry does not know it"
                  + (agent.registryReachable() ? "" : " (the registry is unreachable now)")
                  + "; check the name"));
    }
    CompletableFuture<Message> queued;
    try {
      queued = agent.send(body.to(), body.text(), body.data(), body.ttl());
    } catch (IllegalArgumentException e) {
      return done(HttpReply.error(400, e.getMessage())); // e.g. too big for one frame
    }
    return queued.handle(
        (m, failure) -> {
          if (failure != null) {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            return HttpReply.error(
                503, "not queued: " + Causes.oneLine(cause) + "; nothing was stored, try again");
          }
          Map<String, Object> reply = new LinkedHashMap<>();
          reply.put("id", m.id());
          reply.put("to", body.to());
          return HttpReply.json(202, reply);
        });
  }

  static Body parse(byte[] bytes) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the body is not JSON ("
              + e.getOriginalMessage()
              + "); send {\"to\": \"Carol\", \"text\": \"hi\"}");
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read the body: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "the body must be a JSON object like {\"to\": \"Carol\", \"text\": \"hi\"}");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException(
            "unknown field '" + name + "'; a send takes to, text, data (optional), ttl (optional)");
      }
    }
    String to = requiredText(root, "to");
    if (RoomNames.isRoom(to) ? !RoomNames.valid(to) : !Names.valid(to)) {
      throw new IllegalArgumentException(
          "field 'to' must be a peer name ([A-Za-z0-9_.-], 1-64 chars) or a room like #ops, not '"
              + to
              + "'");
    }
    String text = requiredText(root, "text");
    JsonNode data = root.get("data");
    if (data != null && !data.isNull() && !data.isObject()) {
      throw new IllegalArgumentException(
          "field 'data' must be a JSON object like {\"build\": 42}, not " + data.getNodeType());
    }
    JsonNode ttl = root.get("ttl");
    Duration parsedTtl = null;
    if (ttl != null && !ttl.isNull()) {
      if (!ttl.isTextual()) {
        throw new IllegalArgumentException(
            "field 'ttl' must be a duration text like \"30s\", \"500ms\" or \"5min\"");
      }
      parsedTtl = ttl(ttl.asText());
    }
    return new Body(to, text, data == null || data.isNull() ? null : data.toString(), parsedTtl);
  }

  private static String requiredText(JsonNode root, String field) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(
          "field '" + field + "' must be a string, not " + v.getNodeType());
    }
    return v.asText();
  }

  /** {@code 30s}, {@code 500ms}, {@code 5min}, {@code 1.5h}: the duration words scripts use. */
  static Duration ttl(String text) {
    Matcher m = TTL.matcher(text.strip());
    Duration d = null;
    if (m.matches() && DurationWords.UNITS.containsKey(m.group(2))) {
      d = DurationWords.of(new java.math.BigDecimal(m.group(1)), m.group(2));
    }
    if (d == null || d.isZero()) {
      throw new IllegalArgumentException(
          "field 'ttl' must be a positive duration like \"30s\", \"500ms\" or \"5min\", not '"
              + text
              + "'");
    }
    return d;
  }

  private static CompletableFuture<HttpReply> done(HttpReply reply) {
    return CompletableFuture.completedFuture(reply);
  }
}

package p2pchat.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.RoomHeader;

/**
 * A scenario's history as JSON lines, written by {@code --history FILE} and read back by {@code
 * p2pchat scenario --check FILE} (docs/scenarios.md, "A history that outlives the run"). Each line
 * has {@code scenario} and {@code kind}: {@code begin}; {@code send} (a message the harness was
 * promised); one line per message in each peer's store at the end, its kind the message's state
 * ({@code queued}, {@code sent}, {@code ack}, {@code expired} out; {@code store}, {@code handle},
 * {@code waiting} in); {@code fault}, {@code heal} and {@code mark} from the timeline; {@code end}.
 * Stateless; thread-safe.
 */
final class HistoryFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Set<String> FAULTS = Set.of("fault", "crash", "stop", "pause", "down");
  static final Set<String> HEALS = Set.of("heal", "start", "resume", "up");

  private HistoryFile() {}

  /** One scenario read back: its history, what it expected to expire, its faults and heals. */
  record Saved(String scenario, History history, int expectedExpired, List<Timeline.Mark> marks) {}

  /** Starts the file afresh (a run writes every scenario it runs into it). */
  static void create(Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, "");
  }

  /** Appends one scenario's history. */
  static void append(
      Path file,
      String scenario,
      String outcome,
      History h,
      int expectedExpired,
      List<Timeline.Mark> marks)
      throws IOException {
    try (BufferedWriter w =
        Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
      line(w, scenario, "begin", Map.of("expectExpired", expectedExpired));
      for (Message m : h.promised()) {
        line(w, scenario, "send", Map.of("message", message(m)));
      }
      for (Map.Entry<String, List<Message>> e : h.histories().entrySet()) {
        for (Message m : e.getValue()) {
          line(w, scenario, state(m), Map.of("peer", e.getKey(), "message", message(m)));
        }
      }
      for (Timeline.Mark m : marks) {
        String kind =
            FAULTS.contains(m.kind()) ? "fault" : HEALS.contains(m.kind()) ? "heal" : "mark";
        line(
            w,
            scenario,
            kind,
            Map.of("at", m.at(), "lane", m.lane(), "what", m.kind(), "label", m.label()));
      }
      line(w, scenario, "end", Map.of("outcome", outcome));
    }
  }

  /** Every scenario of a saved file; a line that is not what this class writes is an error. */
  static List<Saved> read(Path file) throws IOException {
    Map<String, Map<String, List<Message>>> stores = new LinkedHashMap<>();
    Map<String, List<Message>> sends = new LinkedHashMap<>();
    Map<String, Integer> expired = new LinkedHashMap<>();
    Map<String, List<Timeline.Mark>> marks = new LinkedHashMap<>();
    int n = 0;
    for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      if (text.isBlank()) {
        continue;
      }
      try {
        JsonNode j = JSON.readTree(text);
        String s = j.get("scenario").asText();
        String kind = j.get("kind").asText();
        stores.computeIfAbsent(s, k -> new LinkedHashMap<>());
        sends.computeIfAbsent(s, k -> new ArrayList<>());
        marks.computeIfAbsent(s, k -> new ArrayList<>());
        switch (kind) {
          case "begin" -> expired.put(s, j.path("expectExpired").asInt(0));
          case "send" -> sends.get(s).add(message(j.get("message")));
          case "fault", "heal", "mark" ->
              marks
                  .get(s)
                  .add(
                      new Timeline.Mark(
                          j.get("at").asLong(),
                          j.get("lane").asText(),
                          j.get("what").asText(),
                          j.get("label").asText()));
          case "end" -> {}
          default ->
              stores
                  .get(s)
                  .computeIfAbsent(j.get("peer").asText(), k -> new ArrayList<>())
                  .add(message(j.get("message")));
        }
      } catch (IOException | RuntimeException e) {
        throw new IOException(
            "line " + n + " is not a line of a scenario history (" + e.getMessage() + ")", e);
      }
    }
    List<Saved> all = new ArrayList<>();
    stores.forEach(
        (s, peers) ->
            all.add(
                new Saved(
                    s, History.of(peers, sends.get(s)), expired.getOrDefault(s, 0), marks.get(s))));
    return all;
  }

  /** What the store says of a message, as one word. */
  private static String state(Message m) {
    return switch (m.status()) {
      case QUEUED -> "queued";
      case SENT -> "sent";
      case DELIVERED -> "ack";
      case EXPIRED -> "expired";
      case RECEIVED -> "store";
      case HANDLED -> "handle";
      case WAITING -> "waiting";
    };
  }

  private static void line(BufferedWriter w, String scenario, String kind, Map<String, ?> fields)
      throws IOException {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("scenario", scenario);
    line.put("kind", kind);
    line.putAll(fields);
    w.write(JSON.writeValueAsString(line));
    w.newLine();
  }

  private static Map<String, Object> message(Message m) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("id", m.id());
    j.put("from", m.from());
    j.put("to", m.to());
    j.put("direction", m.direction().name());
    j.put("seq", m.seq());
    j.put("text", m.text());
    j.put("data", m.data());
    j.put("status", m.status().name());
    j.put("sentAt", m.sentAt());
    j.put("receivedAt", m.receivedAt());
    j.put("offline", m.offline());
    j.put("expiresAt", m.expiresAt());
    RoomHeader h = m.roomHeader();
    if (h != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("type", h.type());
      r.put("room", h.room());
      r.put("author", h.author());
      r.put("authorSeq", h.authorSeq());
      r.put("version", h.version());
      r.put("prev", h.prev());
      r.put("prevs", h.prevs());
      r.put(
          "signature",
          h.signature() == null ? null : Base64.getEncoder().encodeToString(h.signature()));
      j.put("room", r);
    }
    return j;
  }

  private static Message message(JsonNode j) {
    JsonNode r = j.get("room");
    RoomHeader h = null;
    if (r != null && !r.isNull()) {
      Map<String, Long> prevs = new LinkedHashMap<>();
      if (r.hasNonNull("prevs")) {
        for (var it = r.get("prevs").fields(); it.hasNext(); ) {
          var e = it.next();
          prevs.put(e.getKey(), e.getValue().asLong());
        }
      }
      h =
          new RoomHeader(
              r.get("type").asInt(),
              r.get("room").asText(),
              r.get("author").asText(),
              r.get("authorSeq").asLong(),
              r.get("version").asLong(),
              r.get("prev").asLong(),
              prevs,
              r.hasNonNull("signature")
                  ? Base64.getDecoder().decode(r.get("signature").asText())
                  : new byte[0]);
    }
    return new Message(
        j.get("id").asText(),
        j.get("from").asText(),
        j.get("to").asText(),
        Message.Direction.valueOf(j.get("direction").asText()),
        j.get("seq").asLong(),
        j.get("text").asText(),
        j.hasNonNull("data") ? j.get("data").asText() : null,
        Message.Status.valueOf(j.get("status").asText()),
        j.get("sentAt").asLong(),
        j.hasNonNull("receivedAt") ? j.get("receivedAt").asLong() : null,
        j.get("offline").asBoolean(),
        j.hasNonNull("expiresAt") ? j.get("expiresAt").asLong() : null,
        h);
  }
}

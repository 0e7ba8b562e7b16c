package p2pchat.agent.script;

import java.io.Serializable;
import p2pchat.agent.Message;

/**
 * A message as a script sees it ({@code msg.text}, {@code msg.from}, {@code msg.data} ...).
 * Serializable so that a timer closure that captured {@code msg} survives a restart. Immutable
 * apart from a lazily parsed copy of {@code data}; used on one dispatch thread at a time.
 */
public final class ScriptMessage implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String id;
  private final String from;
  private final String to;
  private final String text;
  private final String dataJson;
  private final boolean offline;
  private final long seq;
  private final long sentAt;
  private final String room; // '#ops', or null for a direct message (absent in older closures)
  private transient Object data;

  ScriptMessage(
      String id,
      String from,
      String to,
      String text,
      String dataJson,
      boolean offline,
      long seq,
      long sentAt,
      String room) {
    this.room = room;
    this.id = id;
    this.from = from;
    this.to = to;
    this.text = text;
    this.dataJson = dataJson;
    this.offline = offline;
    this.seq = seq;
    this.sentAt = sentAt;
  }

  static ScriptMessage of(Message m) {
    return new ScriptMessage(
        m.id(), m.from(), m.to(), m.text(), m.data(), m.offline(), m.seq(), m.sentAt(), m.room());
  }

  public String getId() {
    return id;
  }

  public String getFrom() {
    return from;
  }

  public String getTo() {
    return to;
  }

  /** The room ('#ops') of a room's message, null for a direct one. */
  public String getRoom() {
    return room;
  }

  public String getText() {
    return text;
  }

  /** The message's structured data parsed from JSON (a Map, List, String or number), or null. */
  public Object getData() {
    if (data == null && dataJson != null) {
      data = Json.parse(dataJson);
    }
    return data;
  }

  /** True if the sender queued it while this agent was not online. */
  public boolean isOffline() {
    return offline;
  }

  public long getSeq() {
    return seq;
  }

  public long getSentAt() {
    return sentAt;
  }

  /** Called by Groovy for {@code msg.somethingElse}: say what a message has instead. */
  public Object propertyMissing(String name) {
    throw DslException.noProperty(
        "a message", name, "text, from, to, id, data, offline, seq, sentAt");
  }

  @Override
  public String toString() {
    return from + ": " + text;
  }
}

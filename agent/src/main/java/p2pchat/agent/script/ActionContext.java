package p2pchat.agent.script;

import groovy.lang.Closure;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import p2pchat.agent.Effects;

/**
 * What the action words act on during one Behavior call: the call's {@link Effects}, the message
 * being handled (for {@code reply}), and the call's state and peer views. Created per call on the
 * dispatch thread and dropped when it returns; not thread-safe.
 */
final class ActionContext {

  private final Effects effects;
  private final ScriptMessage current;
  private final ScriptSetup setup;
  private String doing;
  private StateMap state;
  private PeerList peers;

  ActionContext(Effects effects, ScriptMessage current, ScriptSetup setup, String doing) {
    this.effects = effects;
    this.current = current;
    this.setup = setup;
    this.doing = doing;
  }

  /**
   * What the call is running now, for error lines: "on message", "hear ~/x/", "timer after@f:7".
   */
  String doing() {
    return doing;
  }

  void doing(String what) {
    this.doing = what;
  }

  void send(Map<String, ?> options, Object to, Object text, Object data) {
    send("send", options, to, text, data);
  }

  private void send(String word, Map<String, ?> options, Object to, Object text, Object data) {
    if (to == null) {
      throw new DslException("send needs a recipient: send 'Carol', 'hi'");
    }
    if (text == null) {
      throw new DslException("send needs a text: send 'Carol', 'hi'");
    }
    effects.send(to.toString(), text.toString(), json(data), ttl(word, options));
  }

  void reply(Map<String, ?> options, Object text, Object data) {
    if (current == null) {
      throw new DslException(
          "reply works inside on message, hear and on error; elsewhere use send msg.from, 'text'");
    }
    // in a room, the answer goes to the room
    send(
        "reply",
        options,
        current.getRoom() != null ? current.getRoom() : current.getFrom(),
        text,
        data);
  }

  void broadcast(Object text, Object data) {
    if (text == null) {
      throw new DslException("broadcast needs a text: broadcast 'hello all'");
    }
    String json = json(data);
    for (String name : peers().getOnline()) {
      effects.send(name, text.toString(), json, null);
    }
  }

  ScriptRooms rooms() {
    return new ScriptRooms(effects);
  }

  PeerList peers() {
    if (peers == null) {
      peers = new PeerList(effects.peers(), effects.me());
    }
    return peers;
  }

  StateMap state() {
    if (state == null) {
      state = new StateMap(effects);
    }
    return state;
  }

  long schedule(String word, Duration delay, Duration period, Closure<?> body, int line) {
    if (delay.isNegative()) {
      throw new DslException(word + " needs a delay of zero or more: " + delay);
    }
    byte[] payload = TimerPayload.ofClosure(word, body, setup.fingerprints());
    return effects.schedule(delay, period, payload, word + "@" + setup.fileName() + ":" + line);
  }

  void cancel(long jobId) {
    effects.cancel(jobId);
  }

  void stopAgent() {
    effects.stopAgent();
  }

  /** Writes back state values changed in place; called when the handler returned normally. */
  void flush() {
    if (state != null) {
      state.flush();
    }
  }

  static Duration duration(String word, Number amount, TimeUnit unit) {
    if (amount == null || unit == null) {
      throw new DslException(
          word + " needs an amount and a unit, like " + word + "(5, MINUTES) { ... }");
    }
    return Durations.ofUnit(amount, unit);
  }

  private static String json(Object data) {
    if (data == null) {
      return null;
    }
    return Json.write(data instanceof CharSequence ? data.toString() : data, "message data");
  }

  private static Duration ttl(String word, Map<String, ?> options) {
    Duration ttl = null;
    for (Map.Entry<String, ?> e : options.entrySet()) {
      if (!"ttl".equals(e.getKey())) {
        throw new DslException(
            word + " has no option '" + e.getKey() + "'; options: ttl (like ttl: 30.seconds)");
      }
      if (!(e.getValue() instanceof Duration d) || d.isZero() || d.isNegative()) {
        throw new DslException("ttl must be a positive duration like 30.seconds: " + e.getValue());
      }
      ttl = d;
    }
    return ttl;
  }
}

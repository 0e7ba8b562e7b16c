package p2pchat.agent.script;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.SimpleType;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of the bot DSL ({@code on message { msg -> }}, {@code on start {}} ...) and the wiring
 * the host uses to bind a script to its setup and to one Behavior call; {@link BotScript} adds the
 * other words. Each event word takes a block typed for IDEs ({@code @DelegatesTo},
 * {@code @ClosureParams}) and registers it at the top of the script. Used by one thread at a time:
 * the loading thread, then the agent's dispatch thread.
 */
public abstract class BotEvents extends Script {

  private ScriptSetup setup;
  private final List<Handler> pending = new ArrayList<>();
  private ActionContext call;

  // ---- wiring used by the host (package-private: not part of the vocabulary) ----

  void hostSetup(ScriptSetup setup) {
    this.setup = setup;
  }

  void hostBegin(ActionContext context) {
    this.call = context;
  }

  void hostEnd() {
    this.call = null;
  }

  List<Handler> hostPending() {
    return pending;
  }

  /** The script's setup: handlers, file name, the agent's name and log. */
  ScriptSetup hostScriptSetup() {
    return setup;
  }

  /** The Behavior call running now, or null at load (the top of the script). */
  ActionContext hostCall() {
    return call;
  }

  ActionContext call(String word) {
    if (call == null) {
      throw new DslException(
          word
              + " works inside a handler (on ..., hear, after, every), not at the top of the script, which runs at load");
    }
    return call;
  }

  // ---- events: on WORD { ... } and hear ----

  public void on(Handler handler) {
    pending.remove(handler);
    setup.handlers().add(handler.kind(), handler.closure());
  }

  public void on(Object notAnEvent) {
    throw new DslException(
        "on needs an event and a block, like on message { msg -> ... }; " + Vocabulary.valid());
  }

  private Handler event(EventKind kind, Closure<?> closure) {
    if (setup.handlers().isFrozen()) {
      throw new DslException(
          "on " + kind.word() + " works only at the top of the script, not inside a handler");
    }
    Handler h = new Handler(kind, closure, setup.callerLine());
    pending.add(h);
    return h;
  }

  public Handler start(
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return event(EventKind.START, body);
  }

  public Handler stop(
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return event(EventKind.STOP, body);
  }

  public Handler message(
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY)
          @ClosureParams(value = SimpleType.class, options = "p2pchat.agent.script.ScriptMessage")
          Closure<?> body) {
    return event(EventKind.MESSAGE, body);
  }

  public Handler online(
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY)
          @ClosureParams(value = SimpleType.class, options = "p2pchat.agent.script.ScriptPeer")
          Closure<?> body) {
    return event(EventKind.ONLINE, body);
  }

  public Handler offline(
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY)
          @ClosureParams(value = SimpleType.class, options = "p2pchat.agent.script.ScriptPeer")
          Closure<?> body) {
    return event(EventKind.OFFLINE, body);
  }

  public Handler delivered(
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY)
          @ClosureParams(value = SimpleType.class, options = "p2pchat.agent.script.ScriptMessage")
          Closure<?> body) {
    return event(EventKind.DELIVERED, body);
  }

  public Handler expired(
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY)
          @ClosureParams(value = SimpleType.class, options = "p2pchat.agent.script.ScriptMessage")
          Closure<?> body) {
    return event(EventKind.EXPIRED, body);
  }

  /** {@code on joined { room -> }}: this agent is now in {@code room} ('#ops'). */
  public Handler joined(
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY)
          @ClosureParams(value = SimpleType.class, options = "java.lang.String")
          Closure<?> body) {
    return event(EventKind.JOINED, body);
  }

  /** {@code on left { room -> }}: this agent left {@code room}, or its owner removed it. */
  public Handler left(
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY)
          @ClosureParams(value = SimpleType.class, options = "java.lang.String")
          Closure<?> body) {
    return event(EventKind.LEFT, body);
  }

  public Handler error(
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY)
          @ClosureParams(
              value = SimpleType.class,
              options = "java.lang.Throwable,p2pchat.agent.script.ScriptMessage")
          Closure<?> body) {
    return event(EventKind.ERROR, body);
  }

  /** {@code on denied { msg, command -> }}: a peer was refused a command or a hear. */
  public Handler denied(
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY)
          @ClosureParams(
              value = SimpleType.class,
              options = {"p2pchat.agent.script.ScriptMessage", "java.lang.String"})
          Closure<?> body) {
    return event(EventKind.DENIED, body);
  }
}

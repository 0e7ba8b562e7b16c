package p2pchat.agent.script;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.transform.stc.ClosureParams;
import groovy.transform.stc.SimpleType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * The bot DSL: the base class of every bot script, whose public methods are the vocabulary ({@code
 * on message {}} from {@link BotEvents}, {@code hear}, {@code send}, {@code reply}, {@code state},
 * {@code after} ...). The script body runs once at load and registers handlers; the host then calls
 * the handlers with an {@link ActionContext} bound for the duration of one Behavior call. Used by
 * one thread at a time: the loading thread, then the agent's dispatch thread.
 */
public abstract class BotScript extends BotEvents {

  /**
   * Runs the block for every message whose text contains a match; m[0] is the match, m[1].. the
   * groups.
   */
  public void hear(
      Pattern regex,
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY)
          @ClosureParams(
              value = SimpleType.class,
              options = {"p2pchat.agent.script.ScriptMessage", "java.util.List<java.lang.String>"})
          Closure<?> body) {
    handlers().addHear(regex, Allow.EVERYONE, body);
  }

  public void hear(CharSequence regex, Closure<?> body) {
    hear(Pattern.compile(regex.toString()), body);
  }

  /** {@code hear(~/^restart (\\w+)/, allow: admins) { msg, m -> }}: only those peers trigger it. */
  public void hear(
      Map<String, ?> options,
      Pattern regex,
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY)
          @ClosureParams(
              value = SimpleType.class,
              options = {"p2pchat.agent.script.ScriptMessage", "java.util.List<java.lang.String>"})
          Closure<?> body) {
    handlers().addHear(regex, allow("hear", options), body);
  }

  public void hear(Map<String, ?> options, CharSequence regex, Closure<?> body) {
    hear(options, Pattern.compile(regex.toString()), body);
  }

  // ---- commands: command, commandPrefix, unknownCommand, admins ----

  public void command(String name, Closure<?> body) {
    command(Map.of(), name, "", body);
  }

  public void command(String name, String description, Closure<?> body) {
    command(Map.of(), name, description, body);
  }

  public void command(Map<String, ?> options, String name, Closure<?> body) {
    command(options, name, "", body);
  }

  /**
   * {@code command('deploy', 'deploy NAME — ship a service', allow: admins) { msg, args -> }}: runs
   * when a message's first word (after the prefix) is {@code name}; {@code args} are the other
   * words, quoted parts kept together.
   */
  public void command(
      Map<String, ?> options,
      String name,
      String description,
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY)
          @ClosureParams(
              value = SimpleType.class,
              options = {"p2pchat.agent.script.ScriptMessage", "java.util.List<java.lang.String>"})
          Closure<?> body) {
    Commands commands = handlers().commands("command");
    commands.add(
        new Commands.Command(
            name, description == null ? "" : description.strip(), allow("command", options), body));
  }

  /** {@code commandPrefix '!'}: commands are written {@code !deploy web}; once per script. */
  public void commandPrefix(String prefix) {
    handlers().commands("commandPrefix").prefix(prefix);
  }

  /** {@code unknownCommand 'suggest'}: an unknown command gets the closest one as an answer. */
  public void unknownCommand(String mode) {
    handlers().commands("unknownCommand").unknownCommand(mode);
  }

  /** {@code admins 'Sam', 'Carol'}: the peers {@code allow: admins} lets in. */
  public void admins(Object... names) {
    handlers().commands("admins").admins().add("admins", names);
  }

  /** The peers named by {@code admins}, for {@code allow: admins} (and to read in a handler). */
  public List<String> getAdmins() {
    return handlers().commands().admins();
  }

  private Handlers handlers() {
    return hostScriptSetup().handlers();
  }

  private static Allow allow(String word, Map<String, ?> options) {
    Allow allow = Allow.EVERYONE;
    for (Map.Entry<String, ?> e : options.entrySet()) {
      if (!"allow".equals(e.getKey())) {
        throw new DslException(
            word + " has no option '" + e.getKey() + "'; options: allow (like allow: admins)");
      }
      allow = Allow.of(word, e.getValue());
    }
    return allow;
  }

  // ---- actions ----

  public void send(Object to, Object text) {
    call("send").send(Map.of(), to, text, null);
  }

  public void send(Object to, Object text, Object data) {
    call("send").send(Map.of(), to, text, data);
  }

  public void send(Map<String, ?> options, Object to, Object text) {
    call("send").send(options, to, text, null);
  }

  public void send(Map<String, ?> options, Object to, Object text, Object data) {
    call("send").send(options, to, text, data);
  }

  public void reply(Object text) {
    call("reply").reply(Map.of(), text, null);
  }

  public void reply(Object text, Object data) {
    call("reply").reply(Map.of(), text, data);
  }

  public void reply(Map<String, ?> options, Object text) {
    call("reply").reply(options, text, null);
  }

  public void reply(Map<String, ?> options, Object text, Object data) {
    call("reply").reply(options, text, data);
  }

  public void broadcast(Object text) {
    call("broadcast").broadcast(text, null);
  }

  public void broadcast(Object text, Object data) {
    call("broadcast").broadcast(text, data);
  }

  public PeerList getPeers() {
    return call("peers").peers();
  }

  /** {@code rooms.create(...)}, {@code rooms['#ops']}, {@code rooms.joined}: docs/rooms.md. */
  public ScriptRooms getRooms() {
    return call("rooms").rooms();
  }

  public String getMe() {
    return hostScriptSetup().agentName();
  }

  public Map<String, Object> getState() {
    return call("state").state();
  }

  public Logger getLog() {
    return hostScriptSetup().log();
  }

  public long after(
      Number amount,
      TimeUnit unit,
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return after(ActionContext.duration("after", amount, unit), body);
  }

  public long after(
      Duration delay,
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    if (hostCall() == null) {
      throw new DslException(
          "after at the top of the script would run again at every load; put it in on start { after(...) { } }");
    }
    return hostCall().schedule("after", delay, null, body, hostScriptSetup().callerLine());
  }

  public long every(
      Number amount,
      TimeUnit unit,
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    return every(ActionContext.duration("every", amount, unit), body);
  }

  /**
   * A repeating timer. At the top of the script it is declared once per call site (kept across
   * restarts and reloads, returns 0); inside a handler it adds a timer each time and returns its
   * id.
   */
  public long every(
      Duration period,
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    if (period.isZero() || period.isNegative()) {
      throw new DslException("every needs a positive period: " + period);
    }
    int line = hostScriptSetup().callerLine();
    if (hostCall() == null) {
      String key = "every@" + hostScriptSetup().fileName() + ":" + line;
      handlers().addTopTimer(new Handlers.TopTimer(key, period, body));
      return 0;
    }
    return hostCall().schedule("every", period, period, body, line);
  }

  public void cron(
      String expression,
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    cron(Map.of(), expression, body);
  }

  /**
   * {@code cron('0 9 * * MON-FRI', zone: 'Europe/Berlin', catchUp: false) { }}: runs the block at
   * every slot of a five-field cron expression; declared once per place in the file, kept across
   * restarts and reloads. A slot missed while the agent was down runs once at start unless {@code
   * catchUp: false}.
   */
  public void cron(
      Map<String, ?> options,
      String expression,
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
    if (hostCall() != null) {
      throw new DslException(
          "cron works only at the top of the script (it is kept across restarts there); inside a"
              + " handler use after or every");
    }
    String zone = null;
    boolean catchUp = true;
    for (Map.Entry<String, ?> e : options.entrySet()) {
      switch (e.getKey()) {
        case "zone" -> zone = e.getValue() == null ? null : e.getValue().toString();
        case "catchUp" -> {
          if (!(e.getValue() instanceof Boolean b)) {
            throw new DslException("cron's catchUp: takes true or false, not " + e.getValue());
          }
          catchUp = b;
        }
        default ->
            throw new DslException(
                "cron has no option '"
                    + e.getKey()
                    + "'; options: zone (like zone: 'Europe/Berlin'), catchUp (true or false)");
      }
    }
    CronSpec spec = CronSpec.parse(expression, zone);
    String key =
        "cron@"
            + hostScriptSetup().fileName()
            + ":"
            + hostScriptSetup().callerLine()
            + " "
            + spec.describe();
    handlers().addCron(new Handlers.CronTimer(key, spec, catchUp, body));
  }

  public void webhook(
      String path,
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY)
          @ClosureParams(value = SimpleType.class, options = "p2pchat.agent.script.ScriptRequest")
          Closure<?> body) {
    webhook(Map.of(), path, body);
  }

  /**
   * {@code webhook('/deploy') { req -> send '#ops', "deploying ${req.json.service}"; [status: 202,
   * body: [ok: true]] }}: a route on the agent's HTTP side (POST unless {@code method: 'GET'}),
   * behind its token; the block's effects commit like a message handler's before the answer.
   */
  public void webhook(
      Map<String, ?> options,
      String path,
      @DelegatesTo(value = BotScript.class, strategy = Closure.DELEGATE_ONLY)
          @ClosureParams(value = SimpleType.class, options = "p2pchat.agent.script.ScriptRequest")
          Closure<?> body) {
    if (hostCall() != null) {
      throw new DslException("webhook works only at the top of the script, not inside a handler");
    }
    String method = "POST";
    for (Map.Entry<String, ?> e : options.entrySet()) {
      if (!"method".equals(e.getKey())) {
        throw new DslException(
            "webhook has no option '" + e.getKey() + "'; options: method (like method: 'GET')");
      }
      method = String.valueOf(e.getValue());
    }
    try {
      method = p2pchat.agent.http.HttpRoutes.check(method, path);
    } catch (IllegalArgumentException e) {
      throw new DslException("webhook " + path + ": " + e.getMessage());
    }
    handlers().addWebhook(new Handlers.Webhook(method, path, body, hostScriptSetup().callerLine()));
  }

  /** Cancels a timer by the id {@code after} or {@code every} returned. */
  public void cancel(Number timer) {
    call("cancel").cancel(timer.longValue());
  }

  /** Stops this agent gracefully once the current handler's effects have committed. */
  public void stop() {
    call("stop").stopAgent();
  }

  // ---- guard rails: unknown words and reserved names ----

  @Override
  public Object getProperty(String name) {
    switch (name) {
      case "state":
        return getState();
      case "peers":
        return getPeers();
      case "rooms":
        return getRooms();
      case "me":
        return getMe();
      case "log":
        return getLog();
      default:
        return super.getProperty(name);
    }
  }

  @Override
  public void setProperty(String name, Object value) {
    switch (name) {
      case "state":
        throw new DslException(
            "state cannot be replaced; set its entries instead, like state.count = 1, or state.clear()");
      case "peers":
      case "rooms":
      case "me":
      case "log":
        throw new DslException(name + " is a DSL word and cannot be assigned; pick another name");
      default:
        super.setProperty(name, value);
    }
  }

  public Object propertyMissing(String name) {
    if (Vocabulary.EVENTS.contains(name)) {
      throw new DslException("'" + name + "' needs a block: on " + name + " { ... }");
    }
    throw new DslException(Vocabulary.unknownWord(name));
  }

  public Object methodMissing(String name, Object args) {
    String usage = Usage.of(name);
    if (usage != null) {
      throw new DslException("wrong arguments for " + name + Usage.types(args) + "; use " + usage);
    }
    throw new DslException(Vocabulary.unknownWord(name));
  }
}

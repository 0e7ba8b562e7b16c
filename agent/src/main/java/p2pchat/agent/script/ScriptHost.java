package p2pchat.agent.script;

import groovy.lang.Closure;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import p2pchat.agent.AgentEvent;
import p2pchat.agent.Behavior;
import p2pchat.agent.Effects;
import p2pchat.agent.Job;
import p2pchat.agent.Message;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.common.AgentMdc;
import p2pchat.agent.http.HttpReply;
import p2pchat.agent.http.HttpRequest;
import p2pchat.agent.http.HttpRoutes;

/**
 * Runs a Groovy bot script as an agent's {@link Behavior}: compiles it once, calls its handlers,
 * persists its timers as jobs ({@link ScriptTimers}), and hot-reloads it when the file changes.
 * Behavior calls come from the agent's one dispatch thread; a reload compiles on the scheduler
 * thread and swaps the loaded script through a volatile field, so the next call uses the new
 * handlers. Thread-safe in that sense: Behavior methods on one thread at a time, reloads and
 * listeners from any thread.
 */
public final class ScriptHost implements Behavior, AutoCloseable {

  /** How often the file's modification time is polled for hot reload. */
  static final long WATCH_INTERVAL_MILLIS = 300;

  private final Path file;
  private final String agentName;
  private final List<Consumer<Reload>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> failureListeners = new CopyOnWriteArrayList<>();
  private final ScriptWatcher watcher;
  private volatile LoadedScript current;
  private ScriptCache cache; // set once by load(), before the host is shared
  private Webhooks webhooks; // guarded by this

  private final ScriptTimers timers; // dispatch thread only
  private Job failedFiring; // dispatch thread only: the timer whose block just failed

  private ScriptHost(
      Path file,
      String agentName,
      LoadedScript loaded,
      ScheduledExecutorService scheduler,
      LongSupplier clock) {
    this.timers = new ScriptTimers(clock);
    this.file = file;
    this.agentName = agentName;
    this.current = loaded;
    this.watcher =
        scheduler == null
            ? null
            : new ScriptWatcher(file, scheduler, WATCH_INTERVAL_MILLIS, this::reload);
  }

  /**
   * Compiles {@code file} and runs its body (which registers handlers). With a scheduler, the file
   * is watched and reloaded on change; with null it is not.
   *
   * @throws ScriptException with a one-line message naming the file and line
   */
  public static ScriptHost load(Path file, String agentName, ScheduledExecutorService scheduler) {
    return load(file, agentName, scheduler, null);
  }

  /** As above, sharing compiled classes with the other agents that use {@code cache}. */
  public static ScriptHost load(
      Path file, String agentName, ScheduledExecutorService scheduler, ScriptCache cache) {
    return load(file, agentName, scheduler, cache, System::currentTimeMillis);
  }

  /**
   * As above, reading time (epoch ms, for cron slots) from {@code clock}: the test kit's virtual
   * clock, say.
   */
  public static ScriptHost load(
      Path file,
      String agentName,
      ScheduledExecutorService scheduler,
      ScriptCache cache,
      LongSupplier clock) {
    ScriptHost host =
        new ScriptHost(
            file, agentName, ScriptCompiler.load(file, agentName, cache), scheduler, clock);
    host.cache = cache;
    return host;
  }

  /** Compiles and loads {@code file} without an agent, for {@code p2pchat check}. */
  public static void check(Path file) {
    ScriptCompiler.load(file, "check");
  }

  public Path file() {
    return file;
  }

  /** Called after every reload attempt, on the watcher's thread. */
  public void addReloadListener(Consumer<Reload> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Called with the one line that is logged when a handler fails ({@code (bot.groovy, line 7) on
   * message failed: ...}), on the dispatch thread, before the failure is thrown to the core.
   */
  public void addFailureListener(Consumer<String> listener) {
    failureListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Recompiles the file now; on success the next Behavior call uses the new handlers. */
  public synchronized Reload reload() {
    Reload result = new AgentMdc(agentName).call(this::recompile);
    for (Consumer<Reload> listener : listeners) {
      listener.accept(result);
    }
    return result;
  }

  /**
   * Serves the script's webhooks on {@code routes} (an agent's HTTP side), now and after every
   * reload; a call runs on {@code agent}'s dispatch thread as one call of a round.
   *
   * @throws ScriptException with a one-line message naming the line, when a path is taken already
   */
  public synchronized void serveWebhooks(p2pchat.agent.Agent agent, HttpRoutes routes) {
    if (webhooks != null) {
      throw new IllegalStateException("the webhooks of " + file + " are served already");
    }
    Webhooks w = new Webhooks(agent, this, routes);
    w.sync(current.setup().fileName(), current.handlers().webhooks());
    webhooks = w;
  }

  /** The paths of the script's webhooks as loaded now. */
  public java.util.Set<String> webhookPaths() {
    return java.util.Set.copyOf(current.handlers().webhooks().keySet());
  }

  private Reload recompile() {
    try {
      // The old version's classes go when nothing refers to them (other agents may share them).
      LoadedScript next = ScriptCompiler.load(file, agentName, cache);
      if (webhooks != null) {
        webhooks.sync(next.setup().fileName(), next.handlers().webhooks());
      }
      current = next;
      current.setup().log().info("({}) reloaded", file.getFileName());
      return new Reload(file, null);
    } catch (ScriptException e) {
      current.setup().log().warn("{}; keeping the version that was running", e.getMessage());
      return new Reload(file, e.getMessage());
    }
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
    synchronized (this) {
      if (webhooks != null) {
        webhooks.close();
      }
    }
  }

  // ---- Behavior ----

  @Override
  public void onStart(Effects effects) throws Exception {
    timers.started();
    dispatch("on start", effects, null, (s, ctx) -> callAll(s, EventKind.START, null, null));
  }

  @Override
  public void onMessage(Message message, Effects effects) throws Exception {
    ScriptMessage msg = ScriptMessage.of(message);
    dispatch(
        "on message",
        effects,
        msg,
        (s, ctx) -> {
          callAll(s, EventKind.MESSAGE, msg, null);
          boolean heard = false;
          for (Handlers.Hear hear : s.handlers().hears()) {
            java.util.regex.Matcher m = hear.pattern().matcher(msg.getText());
            if (m.find()) {
              heard = true;
              String what = "hear ~/" + hear.pattern().pattern() + "/";
              ctx.doing(what);
              if (hear.allow().admits(msg.getFrom())) {
                call(hear.closure(), msg, groups(m));
              } else {
                deny(
                    s,
                    ctx,
                    msg,
                    "~/" + hear.pattern().pattern() + "/",
                    "you are not allowed to do that");
              }
            }
          }
          command(s, ctx, msg, heard);
        });
  }

  /** Runs the command the message names, the generated help, or answers an unknown command. */
  private static void command(LoadedScript s, ActionContext ctx, ScriptMessage msg, boolean heard) {
    Commands commands = s.handlers().commands();
    if (commands.isEmpty()) {
      return;
    }
    CommandText.Parsed parsed = CommandText.parse(msg.getText(), commands.prefix());
    if (parsed == null) {
      return;
    }
    Commands.Command c = commands.find(parsed.name());
    if (c != null) {
      ctx.doing("command " + c.name());
      if (c.allow().admits(msg.getFrom())) {
        call(c.closure(), msg, parsed.args());
      } else {
        deny(s, ctx, msg, c.name(), commands.refusal(c.name()));
      }
    } else if (parsed.name().equals(Commands.HELP) && commands.generatesHelp()) {
      ctx.reply(java.util.Map.of(), commands.help(msg.getFrom(), parsed.args()), null);
    } else if (!heard) {
      String answer = commands.unknown(parsed.name(), msg.getFrom());
      if (answer != null) {
        ctx.reply(java.util.Map.of(), answer, null);
      }
    }
  }

  private static void deny(
      LoadedScript s, ActionContext ctx, ScriptMessage msg, String what, String refusal) {
    ctx.reply(java.util.Map.of(), refusal, null);
    ctx.doing("on denied");
    callAll(s, EventKind.DENIED, msg, what);
  }

  @Override
  public boolean wants(AgentEvent event) {
    EventKind kind =
        event instanceof AgentEvent.PeerOnline
            ? EventKind.ONLINE
            : event instanceof AgentEvent.PeerOffline
                ? EventKind.OFFLINE
                : event instanceof AgentEvent.Delivered
                    ? EventKind.DELIVERED
                    : event instanceof AgentEvent.Expired
                        ? EventKind.EXPIRED
                        : event instanceof AgentEvent.Joined
                            ? EventKind.JOINED
                            : event instanceof AgentEvent.Left ? EventKind.LEFT : null;
    return kind == null || current.handlers().of(kind).length > 0;
  }

  @Override
  public void onEvent(AgentEvent event, Effects effects) throws Exception {
    if (event instanceof AgentEvent.PeerOnline e) {
      dispatch(
          "on online",
          effects,
          null,
          (s, ctx) -> callAll(s, EventKind.ONLINE, peer(ctx, e.peer(), PeerInfo.ONLINE), null));
    } else if (event instanceof AgentEvent.PeerOffline e) {
      dispatch(
          "on offline",
          effects,
          null,
          (s, ctx) -> callAll(s, EventKind.OFFLINE, peer(ctx, e.peer(), e.status()), null));
    } else if (event instanceof AgentEvent.Delivered e) {
      dispatch(
          "on delivered",
          effects,
          null,
          (s, ctx) -> callAll(s, EventKind.DELIVERED, ScriptMessage.of(e.message()), null));
    } else if (event instanceof AgentEvent.Expired e) {
      dispatch(
          "on expired",
          effects,
          null,
          (s, ctx) -> callAll(s, EventKind.EXPIRED, ScriptMessage.of(e.message()), null));
    } else if (event instanceof AgentEvent.Joined e) {
      dispatch(
          "on joined", effects, null, (s, ctx) -> callAll(s, EventKind.JOINED, e.room(), null));
    } else if (event instanceof AgentEvent.Left e) {
      dispatch("on left", effects, null, (s, ctx) -> callAll(s, EventKind.LEFT, e.room(), null));
    }
  }

  @Override
  public void onTimer(Job job, Effects effects) throws Exception {
    TimerPayload.Decoded payload = TimerPayload.decode(job.payload());
    failedFiring = job;
    dispatch(
        "timer " + job.description(),
        effects,
        null,
        job,
        (s, ctx) -> timers.fire(s, job, payload, effects));
    failedFiring = null;
  }

  @Override
  public void onError(Throwable error, Message message, Effects effects) throws Exception {
    Throwable e =
        error instanceof ScriptException && error.getCause() != null ? error.getCause() : error;
    ScriptMessage msg = message == null ? null : ScriptMessage.of(message);
    ScriptMessage replyTo =
        message != null && message.direction() == Message.Direction.IN ? msg : null;
    Job failed =
        failedFiring; // its timers are reconciled as in the failed call (a cron's next slot)
    failedFiring = null;
    dispatch("on error", effects, replyTo, failed, (s, ctx) -> callAll(s, EventKind.ERROR, e, msg));
  }

  /**
   * Runs the webhook at {@code path} of the script loaded now, on the dispatch thread (through
   * {@link p2pchat.agent.Agent#callBehavior}, or the test kit's core); its answer as HTTP. A block
   * that throws throws; {@link #webhookFailed} is its answer.
   */
  public HttpReply webhook(String path, HttpRequest request, Effects effects) throws Exception {
    HttpReply[] answer = new HttpReply[1];
    dispatch(
        "webhook " + path,
        effects,
        null,
        (s, ctx) -> {
          Handlers.Webhook w = s.handlers().webhooks().get(path);
          if (w == null) {
            answer[0] = HttpReply.error(404, "the script has no webhook " + path + " now");
            return;
          }
          Closure<?> c = w.closure();
          Object value =
              c.getMaximumNumberOfParameters() == 0 ? c.call() : c.call(new ScriptRequest(request));
          answer[0] = WebhookReply.of(value);
        });
    return answer[0];
  }

  /**
   * The answer to a webhook call that failed with {@code failure} (500, 400, 503: see Webhooks).
   */
  public static HttpReply webhookFailed(String path, Throwable failure) {
    return Webhooks.failed(path, failure);
  }

  @Override
  public void onStop(Effects effects) throws Exception {
    dispatch("on stop", effects, null, (s, ctx) -> callAll(s, EventKind.STOP, null, null));
  }

  // ---- dispatch ----

  private interface Body {
    void run(LoadedScript script, ActionContext context) throws Throwable;
  }

  private void dispatch(String what, Effects effects, ScriptMessage message, Body body)
      throws Exception {
    dispatch(what, effects, message, null, body);
  }

  private void dispatch(String what, Effects effects, ScriptMessage message, Job firing, Body body)
      throws Exception {
    LoadedScript s = current;
    ActionContext ctx = new ActionContext(effects, message, s.setup(), what);
    s.script().hostBegin(ctx);
    try {
      timers.reconcile(s, effects, firing);
      body.run(s, ctx);
      ctx.flush();
      timers.reconciled(
          s); // only now: a failed call's effects (and so its reconcile) are discarded
    } catch (Throwable t) {
      throw failure(s, ctx.doing(), t);
    } finally {
      s.script().hostEnd();
    }
  }

  private Exception failure(LoadedScript s, String what, Throwable t) {
    Throwable cause = ScriptErrors.unwrap(t);
    if (cause instanceof VirtualMachineError && !(cause instanceof StackOverflowError)) {
      throw (Error) cause;
    }
    String line = ScriptErrors.located(s.setup().fileName(), cause, what);
    s.setup().log().warn(line);
    failureListeners.forEach(l -> l.accept(line));
    s.setup().log().debug("stack trace of: {}", line, cause);
    return cause instanceof Exception e ? e : new ScriptException(line, cause);
  }

  private static void callAll(LoadedScript s, EventKind kind, Object first, Object second) {
    for (Closure<?> c : s.handlers().of(kind)) {
      call(c, first, second);
    }
  }

  /**
   * Calls a handler with as many arguments as it declares ({@code { -> }}, {@code { msg -> }},
   * ...).
   */
  static void call(Closure<?> c, Object first, Object second) {
    switch (c.getMaximumNumberOfParameters()) {
      case 0 -> c.call();
      case 1 -> c.call(first);
      default -> c.call(first, second);
    }
  }

  private static List<String> groups(java.util.regex.Matcher m) {
    List<String> groups = new java.util.ArrayList<>(m.groupCount() + 1);
    for (int i = 0; i <= m.groupCount(); i++) {
      groups.add(m.group(i));
    }
    return groups;
  }

  private static ScriptPeer peer(ActionContext ctx, String name, String status) {
    ScriptPeer known = ctx.peers().getAt(name);
    return known != null && Objects.equals(known.getStatus(), status)
        ? known
        : new ScriptPeer(
            name,
            status,
            known == null ? null : known.getHost(),
            known == null ? 0 : known.getPort(),
            known == null ? null : known.getLastSeen());
  }
}

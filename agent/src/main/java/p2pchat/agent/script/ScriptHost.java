package p2pchat.agent.script;

import static p2pchat.agent.script.ScriptCalls.callAll;

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
import p2pchat.agent.http.HttpReply;
import p2pchat.agent.http.HttpRequest;
import p2pchat.agent.http.HttpRoutes;

/**
 * Runs a Groovy bot script as an agent's {@link Behavior}: calls its handlers ({@link ScriptCalls}
 * picks which), persists its timers as jobs ({@link ScriptTimers}), and keeps the version that runs
 * current as the file changes ({@link LiveScript}). Behavior calls come from the agent's one
 * dispatch thread; a reload compiles on the scheduler thread and swaps the loaded script through a
 * volatile field, so the next call uses the new handlers. Thread-safe in that sense: Behavior
 * methods on one thread at a time, reloads and listeners from any thread.
 */
public final class ScriptHost implements Behavior, AutoCloseable {
  private final LiveScript live;
  private final List<Consumer<String>> failureListeners = new CopyOnWriteArrayList<>();
  private final ScriptTimers timers; // dispatch thread only
  private Job failedFiring; // dispatch thread only: the timer whose block just failed

  private ScriptHost(LiveScript live, LongSupplier clock) {
    this.live = live;
    this.timers = new ScriptTimers(clock);
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
    return new ScriptHost(new LiveScript(file, agentName, scheduler, cache), clock);
  }

  /** Compiles and loads {@code file} without an agent, for {@code p2pchat check}. */
  public static void check(Path file) {
    ScriptCompiler.load(file, "check");
  }

  public Path file() {
    return live.file();
  }

  /** Called after every reload attempt, on the watcher's thread. */
  public void addReloadListener(Consumer<Reload> listener) {
    live.addReloadListener(listener);
  }

  /**
   * Called with the one line that is logged when a handler fails ({@code (bot.groovy, line 7) on
   * message failed: ...}), on the dispatch thread, before the failure is thrown to the core.
   */
  public void addFailureListener(Consumer<String> listener) {
    failureListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Recompiles the file now; on success the next Behavior call uses the new handlers. */
  public Reload reload() {
    return live.reload();
  }

  /**
   * Serves the script's webhooks on {@code routes} (an agent's HTTP side), now and after every
   * reload; a call runs on {@code agent}'s dispatch thread as one call of a round.
   *
   * @throws ScriptException with a one-line message naming the line, when a path is taken already
   */
  public void serveWebhooks(p2pchat.agent.Agent agent, HttpRoutes routes) {
    live.serveWebhooks(agent, this, routes);
  }

  /** The paths of the script's webhooks as loaded now. */
  public java.util.Set<String> webhookPaths() {
    return java.util.Set.copyOf(live.current().handlers().webhooks().keySet());
  }

  @Override
  public void close() {
    live.close();
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
    dispatch("on message", effects, msg, (s, ctx) -> ScriptCalls.message(s, ctx, msg));
  }

  @Override
  public boolean wants(AgentEvent event) {
    EventKind kind = kindOf(event);
    return kind == null || live.current().handlers().of(kind).length > 0;
  }

  @Override
  public void onEvent(AgentEvent event, Effects effects) throws Exception {
    EventKind kind = kindOf(event);
    if (kind != null) {
      dispatch(
          "on " + kind.word(),
          effects,
          null,
          (s, ctx) -> callAll(s, kind, argument(event, ctx), null));
    }
  }

  /** The handlers {@code event} is for; null for none. */
  private static EventKind kindOf(AgentEvent event) {
    return event instanceof AgentEvent.PeerOnline
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
  }

  /** What the handlers of {@code event} (one {@link #kindOf} knows) are called with. */
  private static Object argument(AgentEvent event, ActionContext ctx) {
    if (event instanceof AgentEvent.PeerOnline e) {
      return peer(ctx, e.peer(), PeerInfo.ONLINE);
    } else if (event instanceof AgentEvent.PeerOffline e) {
      return peer(ctx, e.peer(), e.status());
    } else if (event instanceof AgentEvent.Delivered e) {
      return ScriptMessage.of(e.message());
    } else if (event instanceof AgentEvent.Expired e) {
      return ScriptMessage.of(e.message());
    } else if (event instanceof AgentEvent.Joined e) {
      return e.room();
    }
    return ((AgentEvent.Left) event).room();
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
    LoadedScript s = live.current();
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

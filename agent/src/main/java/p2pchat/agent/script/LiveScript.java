package p2pchat.agent.script;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import p2pchat.agent.common.AgentMdc;
import p2pchat.agent.http.HttpRoutes;

/**
 * The version of a bot script that runs now, and keeping it so: the file is recompiled when it
 * changes (polled on the scheduler) or when asked; a version that does not compile leaves the
 * running one in place. Reload listeners hear every attempt, and the webhooks served follow every
 * version. Thread-safe: the loaded script is swapped through a volatile field; reloads and the
 * webhooks are guarded by this.
 */
final class LiveScript implements AutoCloseable {
  /** How often the file's modification time is polled for hot reload. */
  static final long WATCH_INTERVAL_MILLIS = 300;

  private final Path file;
  private final String agentName;
  private final ScriptCache cache;
  private final List<Consumer<Reload>> listeners = new CopyOnWriteArrayList<>();
  private final ScriptWatcher watcher;
  private volatile LoadedScript current;
  private Webhooks webhooks; // guarded by this

  /** Compiles {@code file}; with a scheduler, watches it, with null does not. */
  LiveScript(Path file, String agentName, ScheduledExecutorService scheduler, ScriptCache cache) {
    this.file = file;
    this.agentName = agentName;
    this.cache = cache;
    this.current = ScriptCompiler.load(file, agentName, cache);
    this.watcher =
        scheduler == null
            ? null
            : new ScriptWatcher(file, scheduler, WATCH_INTERVAL_MILLIS, this::reload);
  }

  Path file() {
    return file;
  }

  /** The version to call now. */
  LoadedScript current() {
    return current;
  }

  void addReloadListener(Consumer<Reload> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  synchronized Reload reload() {
    Reload result = new AgentMdc(agentName).call(this::recompile);
    for (Consumer<Reload> listener : listeners) {
      listener.accept(result);
    }
    return result;
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

  synchronized void serveWebhooks(p2pchat.agent.Agent agent, ScriptHost host, HttpRoutes routes) {
    if (webhooks != null) {
      throw new IllegalStateException("the webhooks of " + file + " are served already");
    }
    Webhooks w = new Webhooks(agent, host, routes);
    w.sync(current.setup().fileName(), current.handlers().webhooks());
    webhooks = w;
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
}

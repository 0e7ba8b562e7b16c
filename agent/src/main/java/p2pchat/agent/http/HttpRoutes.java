package p2pchat.agent.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The routes of one agent's HTTP side, by path: the built-in ones ({@code GET /health}, {@code GET
 * /metrics}, {@code POST /send}) and whatever else is added — the seam for script webhooks: the
 * script host calls {@link #add} at load and {@link #remove} when a reload drops a webhook. A path
 * that clashes with a built-in route or one already added is refused with a one-line message. Every
 * route requires the bearer token except the built-in {@code /health}. Thread-safe.
 */
public final class HttpRoutes {
  /**
   * A path is {@code /} and segments of letters, digits and {@code -._~}; no query, no dots only.
   */
  private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

  /** One route: where it answers, whether it is built in, whether it needs the token. */
  record Entry(String method, String path, HttpRoute route, boolean builtIn, boolean open) {}

  private final Map<String, Entry> byPath = new ConcurrentHashMap<>();

  HttpRoutes() {}

  /** Built-in routes are added by the HTTP side itself; {@code open} ones need no token. */
  void addBuiltIn(String method, String path, HttpRoute route, boolean open) {
    put(new Entry(method, path, route, true, open));
  }

  /**
   * Adds a route that requires the bearer token, e.g. a script's {@code webhook('/deploy')}.
   *
   * @throws IllegalArgumentException with a one-line message when the path is malformed, is a
   *     built-in route's, or is taken already
   */
  public void add(String method, String path, HttpRoute route) {
    String m = method.toUpperCase(Locale.ROOT);
    if (!METHODS.contains(m)) {
      throw new IllegalArgumentException(
          "'" + method + "' is not an HTTP method a route can take; use one of " + METHODS);
    }
    if (path == null || !PATH.matcher(path).matches()) {
      throw new IllegalArgumentException(
          "'"
              + path
              + "' is not a route path; write one like '/deploy' or '/hooks/ci' (letters, digits,"
              + " -._~ between slashes, no query)");
    }
    put(new Entry(m, path, route, false, false));
  }

  /** Removes a route added with {@link #add}; built-in ones stay. True if it was there. */
  public boolean remove(String path) {
    Entry e = byPath.get(path);
    return e != null && !e.builtIn() && byPath.remove(path, e);
  }

  /** Every path and its method, built-in ones included, sorted by path. */
  public Map<String, String> paths() {
    Map<String, String> all = new TreeMap<>();
    byPath.values().forEach(e -> all.put(e.path(), e.method()));
    return all;
  }

  Optional<Entry> find(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  private void put(Entry e) {
    Entry before = byPath.putIfAbsent(e.path(), e);
    if (before != null) {
      throw new IllegalArgumentException(
          e.path()
              + (before.builtIn()
                  ? " is a built-in route of the agent's HTTP side (" + before.method() + ")"
                  : " is taken by another route (" + before.method() + ")")
              + "; pick another path");
    }
  }
}

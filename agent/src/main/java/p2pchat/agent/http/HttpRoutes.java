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

  /** The built-in routes' paths and methods: no added route may take one of those paths. */
  static final Map<String, String> BUILT_IN =
      Map.of("/health", "GET", "/metrics", "GET", "/send", "POST");

  /** One route: where it answers, whether it is built in, whether it needs the token. */
  record Entry(String method, String path, HttpRoute route, boolean builtIn, boolean open) {}

  private final Map<String, Entry> byPath = new ConcurrentHashMap<>();

  HttpRoutes() {}

  /** Built-in routes are added by the HTTP side itself; {@code open} ones need no token. */
  void addBuiltIn(String method, String path, HttpRoute route, boolean open) {
    if (!method.equals(BUILT_IN.get(path))) {
      throw new IllegalStateException(
          method + " " + path + " is not listed in HttpRoutes.BUILT_IN");
    }
    put(new Entry(method, path, route, true, open));
  }

  /**
   * Adds a route that requires the bearer token, e.g. a script's {@code webhook('/deploy')}.
   *
   * @throws IllegalArgumentException with a one-line message when the path is malformed, is a
   *     built-in route's, or is taken already
   */
  public void add(String method, String path, HttpRoute route) {
    put(new Entry(check(method, path), path, route, false, false));
  }

  /**
   * Whether {@link #add} could take {@code method} and {@code path}, before any HTTP side exists (a
   * script's webhook is checked when the script loads); the method in upper case.
   *
   * @throws IllegalArgumentException as {@link #add} would, except for a path another added route
   *     took
   */
  public static String check(String method, String path) {
    String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
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
    if (BUILT_IN.containsKey(path)) {
      throw new IllegalArgumentException(
          path
              + " is a built-in route of the agent's HTTP side ("
              + BUILT_IN.get(path)
              + "); pick another path");
    }
    return m;
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

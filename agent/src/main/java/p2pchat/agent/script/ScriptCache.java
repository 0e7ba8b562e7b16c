package p2pchat.agent.script;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Compiled script classes shared by the agents of one JVM: fifty agents running the same file
 * compile it once (a compile costs hundreds of milliseconds; an instance costs microseconds). Each
 * agent still gets its own script instance, handlers and state. Keyed by file name and source text,
 * so an edited file compiles anew; bounded, so old versions can be collected once no agent uses
 * them. Thread-safe.
 */
public final class ScriptCache {
  private static final int MAX_ENTRIES = 64;

  /** One compile: the class, the loader that defined it and its closures' fingerprints. */
  record Compiled(Class<?> type, ScriptClassLoader loader, Map<String, String> fingerprints) {}

  private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

  Compiled get(String fileName, String source, Supplier<Compiled> compile) {
    String key = fileName + '\u0000' + source;
    Compiled hit = compiled.get(key);
    if (hit != null) {
      return hit;
    }
    if (compiled.size() >= MAX_ENTRIES) {
      compiled.clear();
    }
    // computeIfAbsent: agents starting side by side wait for the one compile instead of racing.
    return compiled.computeIfAbsent(key, k -> compile.get());
  }
}

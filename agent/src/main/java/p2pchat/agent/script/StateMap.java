package p2pchat.agent.script;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import p2pchat.agent.Effects;

/**
 * What {@code state} answers: the agent's persisted key/value map, values as plain Groovy values
 * (numbers, strings, lists, maps) stored as JSON through {@link Effects#state()} and {@link
 * Effects#putState}. Values read or written in a call are kept and written back once when the
 * handler returns ({@link #flush}), so {@code state.list << 'x'} persists too. Valid for one call;
 * not thread-safe.
 */
public final class StateMap extends AbstractMap<String, Object> {

  private final Effects effects;

  /** Values handed out or assigned during this call; null value = removed. */
  private final Map<String, Object> touched = new HashMap<>();

  StateMap(Effects effects) {
    this.effects = effects;
  }

  @Override
  public Object get(Object key) {
    String k = String.valueOf(key);
    if (touched.containsKey(k)) {
      return touched.get(k);
    }
    Object value = Json.parse(effects.state().get(k));
    if (value != null) {
      touched.put(k, value);
    }
    return value;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public Object put(String key, Object value) {
    Objects.requireNonNull(key, "state key");
    Object old = get(key);
    if (value != null) {
      Json.write(value, "state values"); // fail at the line that assigns, not at the end
    }
    touched.put(key, value);
    return old;
  }

  @Override
  public Object remove(Object key) {
    return put(String.valueOf(key), null);
  }

  @Override
  public void clear() {
    for (String k : keys()) {
      touched.put(k, null);
    }
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        Iterator<String> it = keys().iterator();
        return new Iterator<>() {
          String last;

          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Entry<String, Object> next() {
            last = it.next();
            return new SimpleEntry<>(last, get(last));
          }

          @Override
          public void remove() {
            StateMap.this.remove(last);
          }
        };
      }

      @Override
      public int size() {
        return keys().size();
      }
    };
  }

  private Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>(effects.state().keySet());
    for (Map.Entry<String, Object> e : touched.entrySet()) {
      if (e.getValue() == null) {
        keys.remove(e.getKey());
      } else {
        keys.add(e.getKey());
      }
    }
    return keys;
  }

  /** Writes back every value that differs from what is stored. Called when a handler returns. */
  void flush() {
    Map<String, String> stored = effects.state();
    for (Map.Entry<String, Object> e : touched.entrySet()) {
      String json = e.getValue() == null ? null : Json.write(e.getValue(), "state values");
      if (!Objects.equals(json, stored.get(e.getKey()))) {
        effects.putState(e.getKey(), json);
      }
    }
    touched.clear();
  }
}

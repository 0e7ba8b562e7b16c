package p2pchat.agent.common;

import java.util.Map;

/**
 * How a map of pending changes lands on a map, where a null value means "removed": the one copy of
 * that rule, for a call's buffered effects (state entries, room memberships) seen on top of what is
 * committed, and for the test kit's commit. Stateless.
 */
public final class Changes {
  private Changes() {}

  /**
   * Puts each of {@code changes} into {@code target}, removing the keys whose change is null, in
   * the order of {@code changes}; returns {@code target}.
   */
  public static <K, V, M extends Map<K, V>> M applyTo(M target, Map<K, V> changes) {
    changes.forEach(
        (key, value) -> {
          if (value == null) {
            target.remove(key);
          } else {
            target.put(key, value);
          }
        });
    return target;
  }
}

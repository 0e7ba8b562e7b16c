package p2pchat.harness;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import p2pchat.agent.Durability;

/**
 * The values a scenario's words take, read once for every word: a duration ({@code 200.ms}, a
 * {@link Duration} or milliseconds), a durability, and named options checked against the ones the
 * word has. Each refusal is a {@link ScenarioError} that shows what is allowed. Stateless.
 */
final class Args {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private Args() {}

  static Span span(Object value, String word) {
    if (value instanceof Span s) {
      return s;
    }
    if (value instanceof Duration d) {
      return Span.of(d);
    }
    if (value instanceof Number n) {
      return Span.ofMillis(n.doubleValue());
    }
    throw new ScenarioError(
        word + " needs a duration, not " + (value == null ? "nothing" : "'" + value + "'"),
        "200.ms, 2.s, 1.min");
  }

  /** {@code durability:} of {@code peer(...)}: FULL when not given. */
  static Durability durability(Object value) {
    if (value == null) {
      return Durability.FULL;
    }
    try {
      return Durability.valueOf(String.valueOf(value).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ScenarioError(
          "durability '" + value + "' is unknown", List.of(Durability.values()));
    }
  }

  /** A true/false option: false when not given, refused when it is something else. */
  static boolean flag(Map<String, ?> options, String option, String example) {
    Object v = options.get(option);
    if (v == null || v instanceof Boolean) {
      return Boolean.TRUE.equals(v);
    }
    throw new ScenarioError(option + ": '" + v + "' must be true or false", example);
  }

  static void checkOptions(String word, Map<String, ?> options, Set<String> valid) {
    for (String key : options.keySet()) {
      if (!valid.contains(key)) {
        throw new ScenarioError(
            word + "(" + key + ": ...) is not an option of " + word, new TreeSet<>(valid));
      }
    }
  }

  /** {@code data:} of a send as JSON: a string as it is, a map or list written, null for none. */
  static String json(Object data) {
    if (data == null || data instanceof String) {
      return (String) data;
    }
    try {
      return JSON.writeValueAsString(data);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ScenarioError(
          "send data cannot be written as JSON: " + e.getOriginalMessage(),
          "a map of strings, numbers, lists and maps");
    }
  }
}

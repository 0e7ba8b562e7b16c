package p2pchat.harness;

import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import p2pchat.agent.AgentException;

/**
 * What a scenario's failure means and how it is told: whether it is a failed check (exit 1) or a
 * wrong scenario (exit 2), and one message, "(file, line N) what; valid: ...", that lists the words
 * a mistyped one could have been. Stateless.
 */
final class ScenarioFailures {
  private ScenarioFailures() {}

  static ScenarioResult.Outcome classify(Throwable t) {
    if (t == null) {
      return ScenarioResult.Outcome.PASSED;
    }
    if (t instanceof ScenarioSkipped) {
      return ScenarioResult.Outcome.SKIPPED;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof p2pchat.agent.script.ScriptException) {
        return ScenarioResult.Outcome.ERROR; // a bot script named by the scenario does not compile
      }
    }
    if (t instanceof AssertionError || t instanceof AgentException) {
      return ScenarioResult.Outcome.FAILED;
    }
    return ScenarioResult.Outcome.ERROR;
  }

  /** One message: "(file, line N) what; valid: ...", power-assert diagrams kept whole. */
  static String explain(ScenarioSource source, Throwable t) {
    if (t instanceof ScenarioSkipped) {
      return t.getMessage(); // one line that says what this machine lacks
    }
    String at = source.at(source.lineOf(t).orElse(null));
    if (t instanceof ScenarioError e) {
      return at + " " + e.describe();
    }
    if (t instanceof CheckFailure) {
      return at + " " + t.getMessage();
    }
    if (t instanceof AssertionError) {
      return at + " check failed:\n" + t.getMessage();
    }
    if (t instanceof MissingMethodException e) {
      return at + unknown("word", e.getMethod(), e.getType());
    }
    if (t instanceof MissingPropertyException e) {
      return at
          + unknown("name", e.getProperty(), e.getType())
          + (ScenarioScript.class.isAssignableFrom(e.getType() == null ? Object.class : e.getType())
              ? ", or a variable declared with def"
              : "");
    }
    if (t instanceof AgentException) {
      return at + " agent failed: " + t.getMessage();
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return at
        + " "
        + msg.replaceAll("\\s*\\n\\s*", " ")
        + (t instanceof RuntimeException && !(t instanceof IllegalStateException)
            ? " (" + t.getClass().getSimpleName() + ")"
            : "");
  }

  /** " unknown word 'x' for ...; valid: ..." (or name), to follow the file and line. */
  private static String unknown(String kind, String given, Class<?> type) {
    return " unknown " + kind + " '" + given + "' for " + what(type) + "; valid: " + words(type);
  }

  private static String what(Class<?> type) {
    if (type == null || ScenarioScript.class.isAssignableFrom(type)) {
      return "a scenario";
    }
    return Map.of(
            Peer.class,
            "a peer",
            RegistryHandle.class,
            "the registry",
            Link.class,
            "a link",
            Checks.class,
            "check",
            LatencySummary.class,
            "a latency summary")
        .getOrDefault(type, type.getSimpleName());
  }

  /** The DSL words of a type: its public methods (getters as property names), sorted. */
  static String words(Class<?> type) {
    if (type == null || ScenarioScript.class.isAssignableFrom(type)) {
      return String.join(", ", ScenarioScript.WORDS);
    }
    TreeSet<String> names = new TreeSet<>();
    for (Method m : type.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers())
          || Modifier.isStatic(m.getModifiers())
          || m.getName().equals("toString")
          || m.getName().equals("equals")
          || m.getName().equals("hashCode")) {
        continue;
      }
      String n = m.getName();
      if (n.startsWith("get") && n.length() > 3 && m.getParameterCount() == 0) {
        n = Character.toLowerCase(n.charAt(3)) + n.substring(4);
      } else if (n.startsWith("is") && n.length() > 2 && m.getParameterCount() == 0) {
        n = Character.toLowerCase(n.charAt(2)) + n.substring(3);
      }
      names.add(n);
    }
    return names.stream().collect(Collectors.joining(", "));
  }
}

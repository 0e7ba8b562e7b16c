package p2pchat.agent.script;

import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Which of a loaded script's handlers a call runs, and how each is called: every {@code on
 * message}, then the {@code hear} patterns that match and the command the message names (or the
 * generated help, or the answer to an unknown command), with {@code on denied} for whoever is not
 * allowed. Stateless; called on the dispatch thread inside {@link ScriptHost}'s dispatch.
 */
final class ScriptCalls {
  private ScriptCalls() {}

  /** What a message runs. {@code ctx} says what is being done, for the error line. */
  static void message(LoadedScript s, ActionContext ctx, ScriptMessage msg) {
    callAll(s, EventKind.MESSAGE, msg, null);
    boolean heard = false;
    for (Handlers.Hear hear : s.handlers().hears()) {
      Matcher m = hear.pattern().matcher(msg.getText());
      if (m.find()) {
        heard = true;
        String what = "hear ~/" + hear.pattern().pattern() + "/";
        ctx.doing(what);
        if (hear.allow().admits(msg.getFrom())) {
          call(hear.closure(), msg, groups(m));
        } else {
          deny(
              s, ctx, msg, "~/" + hear.pattern().pattern() + "/", "you are not allowed to do that");
        }
      }
    }
    command(s, ctx, msg, heard);
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
      ctx.reply(Map.of(), commands.help(msg.getFrom(), parsed.args()), null);
    } else if (!heard) {
      String answer = commands.unknown(parsed.name(), msg.getFrom());
      if (answer != null) {
        ctx.reply(Map.of(), answer, null);
      }
    }
  }

  private static void deny(
      LoadedScript s, ActionContext ctx, ScriptMessage msg, String what, String refusal) {
    ctx.reply(Map.of(), refusal, null);
    ctx.doing("on denied");
    callAll(s, EventKind.DENIED, msg, what);
  }

  /** Calls every handler of {@code kind}, in the order the script registered them. */
  static void callAll(LoadedScript s, EventKind kind, Object first, Object second) {
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

  private static List<String> groups(Matcher m) {
    List<String> groups = new ArrayList<>(m.groupCount() + 1);
    for (int i = 0; i <= m.groupCount(); i++) {
      groups.add(m.group(i));
    }
    return groups;
  }
}

package p2pchat.agent.script;

import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A script's commands ({@code command('deploy', 'deploy NAME — ship a service') { msg, args -> }}),
 * its {@code commandPrefix}, its {@code unknownCommand} choice and its {@code admins}; the texts of
 * the generated {@code help}, of a refusal and of an unknown command's answer. Filled while the
 * script body runs at load, then only read on the dispatch thread.
 */
final class Commands {

  /** One {@code command(...)}: its name, description (may be empty), who may run it, its block. */
  record Command(String name, String description, Allow allow, Closure<?> closure) {}

  static final String HELP = "help";
  private static final Pattern NAME = Pattern.compile("[^\\s\"']+");

  private final Map<String, Command> byName = new LinkedHashMap<>();
  private final Allow.Admins admins = new Allow.Admins();
  private String prefix = "";
  private boolean prefixSet;
  private boolean suggest;

  void add(Command c) {
    if (!NAME.matcher(c.name()).matches()) {
      throw new DslException(
          "a command's name is one word without quotes, like command('deploy', ...); not '"
              + c.name()
              + "'");
    }
    if (byName.putIfAbsent(c.name(), c) != null) {
      throw new DslException("command '" + c.name() + "' is defined twice; keep one");
    }
  }

  void prefix(String p) {
    if (prefixSet) {
      throw new DslException(
          "commandPrefix is set once per script; it is '" + prefix + "' already");
    }
    if (p == null
        || p.isEmpty()
        || !p.strip().equals(p)
        || p.chars().anyMatch(Character::isWhitespace)) {
      throw new DslException(
          "commandPrefix takes a short mark without spaces, like commandPrefix '!'; not '"
              + p
              + "'");
    }
    prefix = p;
    prefixSet = true;
  }

  void unknownCommand(String mode) {
    switch (String.valueOf(mode)) {
      case "suggest" -> suggest = true;
      case "ignore" -> suggest = false;
      default ->
          throw new DslException(
              "unknownCommand takes 'suggest' (answer with the closest command) or 'ignore'; not '"
                  + mode
                  + "'");
    }
  }

  Allow.Admins admins() {
    return admins;
  }

  boolean isEmpty() {
    return byName.isEmpty();
  }

  String prefix() {
    return prefix;
  }

  boolean suggests() {
    return suggest;
  }

  Command find(String name) {
    return byName.get(name);
  }

  /** Whether {@code help} is the generated one: the script has commands but no help of its own. */
  boolean generatesHelp() {
    return !byName.isEmpty() && !byName.containsKey(HELP);
  }

  /** The generated help: the commands {@code peer} may run, one a line, or just {@code topic}'s. */
  String help(String peer, List<String> args) {
    List<String> lines = new ArrayList<>();
    for (Command c : byName.values()) {
      if (c.allow().admits(peer) && (args.isEmpty() || args.get(0).equals(c.name()))) {
        lines.add(line(c));
      }
    }
    if (!args.isEmpty() && lines.isEmpty()) {
      return "no command '"
          + args.get(0)
          + "' you may run; send "
          + prefix
          + HELP
          + " for the list";
    }
    if (args.isEmpty()) {
      lines.add(prefix + HELP + " — this list");
    }
    return (args.isEmpty() ? "commands:\n" : "") + String.join("\n", lines);
  }

  private String line(Command c) {
    String d = c.description();
    if (d.isEmpty()) {
      return prefix + c.name();
    }
    return d.equals(c.name()) || d.startsWith(c.name() + " ")
        ? prefix + d
        : prefix + c.name() + " — " + d;
  }

  /** The one line a peer gets when it may not run a command. */
  String refusal(String command) {
    return "you are not allowed to run " + prefix + command;
  }

  /**
   * The answer to an unknown command, when the script chose {@code unknownCommand 'suggest'}: the
   * closest command {@code peer} may run. Without a prefix only a near miss is answered (any text's
   * first word would otherwise be an unknown command); null for no answer.
   */
  String unknown(String name, String peer) {
    if (!suggest) {
      return null;
    }
    List<String> mayRun = new ArrayList<>();
    byName.values().stream().filter(c -> c.allow().admits(peer)).forEach(c -> mayRun.add(c.name()));
    if (generatesHelp()) {
      mayRun.add(HELP);
    }
    String closest = Vocabulary.closest(name, mayRun);
    if (closest == null && prefix.isEmpty()) {
      return null;
    }
    return "unknown command '"
        + prefix
        + name
        + "'"
        + (closest == null ? "" : "; did you mean " + prefix + closest + "?")
        + (mayRun.contains(HELP) ? " (" + prefix + HELP + " lists the commands)" : "");
  }
}

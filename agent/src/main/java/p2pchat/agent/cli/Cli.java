package p2pchat.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Conventions every command follows: one-line errors on stderr, exit 1. Stateless. */
public final class Cli {
  private Cli() {}

  public static int fail(String command, String message) {
    System.err.println("p2pchat " + command + ": " + (message == null ? "failed" : message));
    return 1;
  }

  /**
   * An option whose value is wrong, found after parsing: one line, exit 2 as for any usage error.
   */
  public static int badOption(String command, String message) {
    System.err.println(
        "p2pchat " + command + ": " + message + " (see 'p2pchat " + command + " --help')");
    return 2;
  }

  /** Bad flags: one line naming the problem and where help is, exit 2 (picocli's usage code). */
  public static CommandLine configure(CommandLine cli) {
    cli.setCaseInsensitiveEnumValuesAllowed(true); // --durability normal
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
          System.err.println(cmd + ": " + ex.getMessage() + " (see '" + cmd + " --help')");
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (ex, line, parsed) -> {
          String cmd = line.getCommandSpec().qualifiedName();
          System.err.println(
              cmd + ": " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
          return 1;
        });
    return cli;
  }

  /** Entry point for a JVM that only runs agent commands (process-mode agents in the harness). */
  public static void main(String[] args) {
    @Command(
        name = "p2pchat",
        subcommands = {AgentCommand.class, ChatCommand.class, HistoryCommand.class},
        mixinStandardHelpOptions = true)
    final class Root {}
    System.exit(configure(new CommandLine(new Root())).execute(args));
  }
}

package p2pchat.launcher;

import p2pchat.agent.cli.AgentCommand;
import p2pchat.agent.cli.ChatCommand;
import p2pchat.agent.cli.CheckCommand;
import p2pchat.agent.cli.Cli;
import p2pchat.agent.cli.HistoryCommand;
import p2pchat.agent.cli.TestCommand;
import p2pchat.bench.BenchCommand;
import p2pchat.discovery.cli.DiscoveryCommand;
import p2pchat.harness.DemoCommand;
import p2pchat.harness.ScenarioCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command behind {@code bin/p2pchat}: lists every subcommand; each has its own --help. */
@Command(
    name = "p2pchat",
    mixinStandardHelpOptions = true,
    version = "p2pchat 0.1.0",
    description = "Peer-to-peer chat with scriptable headless agents.",
    subcommands = {
      DiscoveryCommand.class,
      AgentCommand.class,
      ChatCommand.class,
      HistoryCommand.class,
      CheckCommand.class,
      TestCommand.class,
      ScenarioCommand.class,
      DemoCommand.class,
      BenchCommand.class,
    })
public final class Main implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    p2pchat.harness.SqliteNative.share(); // one extracted native library for every process
    System.exit(Cli.configure(new CommandLine(new Main())).execute(args));
  }
}

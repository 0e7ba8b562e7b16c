package p2pchat.agent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentRuntime;
import p2pchat.agent.Message;
import p2pchat.agent.PeerInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code p2pchat chat}: the prototype's Receiver and Sender in one terminal. Reads lines from
 * standard input (a terminal or a pipe); each line is durably queued before the next is read. At
 * the end of input it waits, within a bound, for delivery to an online peer, then stops.
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = "Chat from this terminal: pick a user, type messages.")
public final class ChatCommand implements Callable<Integer> {
  static final String PROMPT = "Enter the username that you want to talk to: ";

  @Mixin AgentOptions options;

  @Option(names = "--to", description = "talk to this user straight away")
  String to;

  @Option(
      names = "--drain-timeout",
      defaultValue = "10",
      description = "seconds to wait at end of input for delivery (default: ${DEFAULT-VALUE})")
  int drainSeconds;

  @Override
  public Integer call() throws IOException {
    if (to != null && !p2pchat.agent.Names.valid(to)) {
      return Cli.fail(
          "chat",
          "invalid peer name '" + to + "' for --to: use 1 to 64 letters, digits, '_', '.' or '-'");
    }
    if (drainSeconds < 0) {
      return Cli.fail("chat", "--drain-timeout must be 0 or more seconds, not " + drainSeconds);
    }
    AgentConfig config;
    try {
      config = options.toConfig(null);
    } catch (IllegalArgumentException e) {
      return Cli.badOption("chat", e.getMessage());
    }
    Logs.quiet();
    PrintStream out = System.out;
    AgentRuntime runtime = AgentRuntime.create();
    ChatConsole console = new ChatConsole(out);
    Agent agent;
    try {
      agent = Agent.start(config, runtime, console);
    } catch (RuntimeException e) {
      runtime.close();
      return Cli.fail("chat", e.getMessage());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(agent::stop, "chat-shutdown"));
    List<Message> sent = new ArrayList<>();
    awaitPeerList(agent);
    try {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String peer = to;
      while (true) {
        if (peer == null) {
          peer = choose(agent, in, out);
          if (peer == null) {
            break;
          }
        }
        if (!converse(agent, console, peer, in, out, sent)) {
          break; // end of input
        }
        peer = null; // 'exit': pick another user
      }
      awaitDelivery(agent, sent);
    } finally {
      agent.stop();
      runtime.close();
    }
    return 0;
  }

  /** Who is online decides what the screen says first; give the registry a moment to tell us. */
  private static void awaitPeerList(Agent agent) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (!agent.peersKnown() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String choose(Agent agent, BufferedReader in, PrintStream out) throws IOException {
    List<PeerInfo> others =
        agent.peers().stream().filter(p -> !p.name().equals(agent.name())).toList();
    if (others.isEmpty()) {
      out.println("No other users are registered yet.");
    } else {
      out.println("Users:");
      for (PeerInfo p : others) {
        out.printf("  %-20s %-12s %s:%d%n", p.name(), p.status(), p.host(), p.port());
      }
    }
    while (true) {
      out.print(PROMPT);
      out.flush();
      String line = in.readLine();
      if (line == null) {
        return null;
      }
      String name = line.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!p2pchat.agent.Names.valid(name)) {
        out.println(
            "'" + name + "' is not a valid user name; use letters, digits, '_', '.' or '-'.");
        continue;
      }
      return name;
    }
  }

  /** Returns false at end of input, true when the user typed 'exit' to pick another user. */
  private static boolean converse(
      Agent agent,
      ChatConsole console,
      String peer,
      BufferedReader in,
      PrintStream out,
      List<Message> sent)
      throws IOException {
    if (agent.peer(peer).isEmpty()) {
      out.println(
          peer
              + " is not registered yet; what you type waits in the outbox and goes out once "
              + peer
              + " registers and comes online.");
    }
    console.talkTo(
        peer, agent.isOnline(peer)); // from here on the console announces offline/online turns
    while (true) {
      String line = in.readLine();
      if (line == null) {
        return false;
      }
      if (line.trim().equals("exit")) {
        console.talkTo(null, false);
        return true;
      }
      if (line.isBlank()) {
        continue;
      }
      sent.add(agent.send(peer, line).join());
    }
  }

  private void awaitDelivery(Agent agent, List<Message> sent) {
    if (sent.isEmpty()) {
      return;
    }
    List<String> ids = sent.stream().map(Message::id).toList();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
    while (System.nanoTime() < deadline) {
      if (undelivered(agent, ids) == 0 || sent.stream().noneMatch(m -> agent.isOnline(m.to()))) {
        return;
      }
      try {
        Thread.sleep(50); // a short poll of the local database; nothing to wake us on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    System.err.println(
        "p2pchat chat: "
            + undelivered(agent, ids)
            + " message(s) not delivered yet; they stay queued and go out next time this agent runs");
  }

  private static long undelivered(Agent agent, List<String> ids) {
    java.util.Set<String> wanted = new java.util.HashSet<>(ids);
    return agent.history(null).stream()
        .filter(m -> wanted.contains(m.id()))
        .filter(m -> m.status() != Message.Status.DELIVERED && m.status() != Message.Status.EXPIRED)
        .count();
  }
}

package p2pchat.agent.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentRuntime;
import p2pchat.agent.Message;
import p2pchat.agent.cli.chat.ChatCompleter;
import p2pchat.agent.cli.chat.ChatConsole;
import p2pchat.agent.cli.chat.ChatIo;
import p2pchat.agent.cli.chat.ChatSession;
import p2pchat.agent.cli.chat.PipeIo;
import p2pchat.agent.cli.chat.TerminalIo;
import p2pchat.agent.rooms.RoomNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code p2pchat chat}: the prototype's Receiver and Sender in one terminal. Reads lines from
 * standard input; each line is durably queued before the next is read. On a terminal it is a line
 * editor (JLine) with completion, slash commands and delivery marks; through a pipe it prints the
 * prototype's plain words. At the end of input it waits, within a bound, for delivery to online
 * peers, then stops. The conversation itself is {@link ChatSession}.
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = {
      "Chat from this terminal: pick a user (or a room), type messages.",
      "On a terminal: Tab completes names and commands; /help lists the commands"
          + " (/who, /to NAME or /to #room, /rooms, /create, /invite, /remove, /leave, /history)."
    })
public final class ChatCommand implements Callable<Integer> {
  static final String PROMPT = ChatSession.PROMPT;

  @Mixin AgentOptions options;

  @Option(
      names = "--to",
      description = "talk to this user, or in this room ('#ops'), straight away")
  String to;

  @Option(
      names = "--drain-timeout",
      defaultValue = "10",
      description = "seconds to wait at end of input for delivery (default: ${DEFAULT-VALUE})")
  int drainSeconds;

  @Override
  public Integer call() throws IOException {
    if (to != null && RoomNames.isRoom(to) && !RoomNames.valid(to)) {
      return Cli.fail("chat", HistoryCommand.roomRule(to) + " (--to)");
    }
    if (to != null && !RoomNames.isRoom(to) && !p2pchat.agent.Names.valid(to)) {
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
    Terminal terminal = interactive() ? TerminalBuilder.builder().system(true).build() : null;
    AtomicReference<Agent> started = new AtomicReference<>();
    TerminalIo terminalIo = null;
    ChatIo io;
    if (terminal != null) {
      terminalIo =
          TerminalIo.open(
              terminal,
              new ChatCompleter(
                  config.name(),
                  () -> started.get() == null ? List.of() : started.get().peers(),
                  () -> started.get() == null ? List.of() : started.get().rooms().joined()),
              config.dataDir().resolve("chat-history"),
              System.getenv());
      io = terminalIo;
    } else {
      io =
          new PipeIo(
              new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
              System.out);
    }
    AgentRuntime runtime = AgentRuntime.create();
    ChatConsole console = new ChatConsole(io);
    Agent agent;
    try {
      agent = Agent.start(config, runtime, console);
    } catch (RuntimeException e) {
      runtime.close();
      closeTerminal(terminal);
      return Cli.fail("chat", e.getMessage());
    }
    started.set(agent);
    Runtime.getRuntime().addShutdownHook(new Thread(agent::stop, "chat-shutdown"));
    awaitPeerList(agent);
    try {
      List<Message> sent = new ChatSession(agent, io, console).run(to);
      if (terminalIo != null) {
        terminalIo.close();
      }
      awaitDelivery(agent, sent);
    } finally {
      agent.stop();
      runtime.close();
      closeTerminal(terminal);
    }
    return 0;
  }

  /** Standard input and output are a terminal (not a pipe, not a file). */
  private static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try { // Java 22+ has a console even when redirected, and says whether it is a terminal
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Java 17 to 21: a console exists only on a terminal
    }
  }

  private static void closeTerminal(Terminal terminal) {
    if (terminal != null) {
      try {
        terminal.close();
      } catch (IOException e) {
        // the chat is over either way
      }
    }
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

  /** Waits while a copy not yet delivered is owed to a peer that is online. */
  private void awaitDelivery(Agent agent, List<Message> sent) {
    if (sent.isEmpty()) {
      return;
    }
    Set<String> ids = new HashSet<>(sent.stream().map(Message::id).toList());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
    while (System.nanoTime() < deadline) {
      List<Message> pending = undelivered(agent, ids);
      if (pending.isEmpty() || pending.stream().noneMatch(m -> agent.isOnline(m.to()))) {
        return;
      }
      try {
        Thread.sleep(50); // a short poll of the local database; nothing to wake us on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    PrintStream err = System.err;
    err.println(
        "p2pchat chat: "
            + undelivered(agent, ids).size()
            + " message(s) not delivered yet; they stay queued and go out next time this agent runs");
  }

  /** The copies of {@code ids} not delivered (nor expired): a room message has one per member. */
  private static List<Message> undelivered(Agent agent, Set<String> ids) {
    return agent.history(null).stream()
        .filter(m -> ids.contains(m.id()))
        .filter(m -> m.status() != Message.Status.DELIVERED && m.status() != Message.Status.EXPIRED)
        .toList();
  }
}

package p2pchat.agent.cli.chat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import p2pchat.agent.Agent;
import p2pchat.agent.Message;
import p2pchat.agent.Names;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.cli.chat.ChatIo.Ink;
import p2pchat.agent.common.Causes;
import p2pchat.agent.rooms.RoomNames;

/**
 * One person's chat: pick a user (the prototype's list and prompt), then every line typed goes to
 * them, durably queued before the next is read; {@code exit} picks another user, a line starting
 * with {@code /} is a command ({@link SlashCommands}). The same on a pipe and on a terminal; only
 * {@link ChatIo} differs. Runs on one thread; not thread-safe.
 */
public final class ChatSession {
  public static final String PROMPT = "Enter the username that you want to talk to: ";

  private final Agent agent;
  private final ChatIo io;
  private final ChatConsole console;
  private final SlashCommands slash;
  private final List<Message> sent = new ArrayList<>();
  private String target;
  private boolean entering;

  public ChatSession(Agent agent, ChatIo io, ChatConsole console) {
    this.agent = agent;
    this.io = io;
    this.console = console;
    this.slash = new SlashCommands(agent, io, this);
    console.knowRooms(agent.rooms().joined());
  }

  /**
   * Chats until the end of input, first with {@code to} (a peer or a room; null: ask); returns
   * every message this chat queued, one copy of each.
   */
  public List<Message> run(String to) throws IOException {
    if (to != null) {
      switchTo(to);
    }
    while (true) {
      if (target == null && !choose()) {
        return sent;
      }
      if (!converse()) {
        return sent;
      }
      target = null; // 'exit': pick another user
    }
  }

  /** The conversation lines go to now: a peer, a room, or null while choosing. */
  String target() {
    return target;
  }

  /** From the next line on, lines go to {@code to}. */
  void switchTo(String to) {
    target = to;
    entering = true;
  }

  /** Why {@code to} cannot be talked to, in one line, or null if it can. */
  String refusal(String to) {
    if (RoomNames.isRoom(to)) {
      if (!RoomNames.valid(to)) {
        try {
          RoomNames.check(to);
        } catch (IllegalArgumentException e) {
          return e.getMessage(); // the rule's own words
        }
      }
      return agent.rooms().get(to).isPresent() ? null : notMember(to);
    }
    return Names.valid(to)
        ? null
        : "'" + to + "' is not a valid user name; use letters, digits, '_', '.' or '-'.";
  }

  /** The prototype's list of users and its prompt; false at the end of input. */
  private boolean choose() throws IOException {
    List<PeerInfo> others =
        agent.peers().stream().filter(p -> !p.name().equals(agent.name())).toList();
    if (others.isEmpty()) {
      io.show("No other users are registered yet.");
    } else {
      io.show("Users:");
      for (PeerInfo p : others) {
        io.show(String.format("  %-20s %-12s %s:%d", p.name(), p.status(), p.host(), p.port()));
      }
    }
    while (target == null) {
      String line = io.readLine(PROMPT);
      if (line == null) {
        return false;
      }
      String name = line.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (name.startsWith("/")) {
        slash.run(name); // '/to NAME' picks too
        continue;
      }
      String wrong = refusal(name);
      if (wrong != null) {
        io.show(wrong);
        continue;
      }
      switchTo(name);
    }
    return true;
  }

  /** Returns false at end of input, true when the user typed 'exit' to pick another user. */
  private boolean converse() throws IOException {
    while (true) {
      if (entering) {
        entering = false;
        enter();
      }
      String line = io.readLine(io.decorated() ? target + "> " : "");
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
      if (line.startsWith("//")) {
        send(line.substring(1));
      } else if (line.startsWith("/")) {
        slash.run(line);
      } else {
        send(line);
      }
    }
  }

  /** Says what talking to the new target means, and from here on the console follows it. */
  private void enter() {
    if (RoomNames.isRoom(target)) {
      String wrong = refusal(target);
      if (wrong != null) {
        io.show(io.paint(Ink.NOTICE, wrong));
      } else if (io.decorated()) {
        io.show(
            io.paint(
                Ink.NOTICE,
                "talking in "
                    + target
                    + " ("
                    + String.join(", ", agent.rooms().get(target).orElseThrow().members())
                    + "); /help lists the commands"));
      }
      console.talkTo(target, true);
      return;
    }
    if (agent.peer(target).isEmpty()) {
      io.show(
          target
              + " is not registered yet; what you type waits in the outbox and goes out once "
              + target
              + " registers and comes online.");
    }
    boolean online = agent.isOnline(target);
    if (online && io.decorated()) {
      io.show(io.paint(Ink.NOTICE, "talking to " + target + "; /help lists the commands"));
    }
    console.talkTo(target, online); // from here on the console announces offline/online turns
  }

  private void send(String text) {
    try {
      Message m = agent.send(target, text).join();
      sent.add(m);
      console.sent(m, target, copies());
    } catch (RuntimeException e) {
      io.show(io.paint(Ink.NOTICE, Causes.oneLine(Causes.unwrap(e))));
    }
  }

  /** How many copies a line to the target makes: one per other member of a room. */
  private int copies() {
    if (!RoomNames.isRoom(target)) {
      return 1;
    }
    return agent.rooms().get(target).map(r -> r.othersThan(agent.name()).size()).orElse(0);
  }

  private static String notMember(String room) {
    return "you are not a member of "
        + room
        + "; /rooms lists yours, /create "
        + room
        + " NAME... makes it, or ask its owner to invite you";
  }
}

package p2pchat.agent.cli.chat;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentRooms;
import p2pchat.agent.Message;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.cli.chat.ChatIo.Ink;
import p2pchat.agent.common.Causes;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomNames;

/**
 * The chat's slash commands ({@code /help} lists them). Each answers in lines on the chat's screen;
 * bad input gets one line saying what was wrong and what to do, and the chat goes on. Runs on the
 * chat's thread only.
 */
final class SlashCommands {
  /** A command as {@code /help} and tab completion show it. */
  record Usage(String name, String args, String what) {}

  static final List<Usage> USAGES =
      List.of(
          new Usage("/help", "", "this list"),
          new Usage("/who", "", "peers and their status"),
          new Usage("/to", "NAME | #room", "talk to a peer, or in a room"),
          new Usage("/rooms", "", "the rooms you are in"),
          new Usage("/create", "#room NAME...", "make a room with these members"),
          new Usage("/invite", "#room NAME", "add a member (its owner only)"),
          new Usage("/remove", "#room NAME", "remove a member (its owner only)"),
          new Usage("/leave", "#room", "leave a room"),
          new Usage("/history", "[N]", "the last N lines of this conversation (20)"));

  static final int HISTORY_LINES = 20;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private final Agent agent;
  private final ChatIo io;
  private final ChatSession session;

  SlashCommands(Agent agent, ChatIo io, ChatSession session) {
    this.agent = agent;
    this.io = io;
    this.session = session;
  }

  /** Runs {@code line} (it starts with '/'). */
  void run(String line) {
    String[] words = line.trim().split("\\s+");
    List<String> args = Arrays.asList(words).subList(1, words.length);
    try {
      switch (words[0]) {
        case "/help" -> help();
        case "/who" -> who();
        case "/to" -> to(args);
        case "/rooms" -> rooms();
        case "/create" -> create(args);
        case "/invite" -> invite(args);
        case "/remove" -> remove(args);
        case "/leave" -> leave(args);
        case "/history" -> history(args);
        default -> say("unknown command " + words[0] + "; /help lists the commands");
      }
    } catch (RuntimeException e) {
      say(Causes.oneLine(Causes.unwrap(e)));
    }
  }

  private void help() {
    for (Usage u : USAGES) {
      io.show(String.format("  %-26s %s", u.name() + " " + u.args(), u.what()));
    }
    io.show(String.format("  %-26s %s", "exit", "talk to another user"));
    io.show(String.format("  %-26s %s", "//text", "send a line that starts with '/'"));
  }

  private void who() {
    List<PeerInfo> others =
        agent.peers().stream().filter(p -> !p.name().equals(agent.name())).toList();
    if (others.isEmpty()) {
      io.show("No other users are registered yet.");
    }
    for (PeerInfo p : others) {
      io.show(String.format("  %-20s %-12s %s:%d", p.name(), p.status(), p.host(), p.port()));
    }
  }

  private void to(List<String> args) {
    if (args.size() != 1) {
      say("usage: /to NAME or /to #room");
      return;
    }
    String target = args.get(0);
    String wrong = session.refusal(target);
    if (wrong != null) {
      say(wrong);
      return;
    }
    session.switchTo(target);
  }

  private void rooms() {
    List<Membership> joined = agent.rooms().joined();
    if (joined.isEmpty()) {
      io.show("You are in no room yet; /create #room NAME... makes one.");
    }
    for (Membership r : joined) {
      io.show(
          String.format(
              "  %-20s owner %-12s %s", r.room(), r.owner(), String.join(", ", r.members())));
    }
  }

  private void create(List<String> args) {
    if (args.isEmpty()) {
      say("usage: /create #room NAME... (the members besides you)");
      return;
    }
    Membership m = agent.rooms().create(args.get(0), args.subList(1, args.size())).join();
    changed(null, m);
    io.show("/to " + m.room() + " talks there.");
  }

  private void invite(List<String> args) {
    changeMember(
        args, "usage: /invite #room NAME", (rooms, room, name) -> rooms.invite(room, name));
  }

  private void remove(List<String> args) {
    changeMember(
        args, "usage: /remove #room NAME", (rooms, room, name) -> rooms.removeMember(room, name));
  }

  /** What {@code /invite} or {@code /remove} does to one member of a room. */
  private interface MemberChange {
    CompletableFuture<Membership> apply(AgentRooms rooms, String room, String name);
  }

  /** {@code args}: the room and the member; shows how the room changed. */
  private void changeMember(List<String> args, String usage, MemberChange change) {
    if (args.size() != 2) {
      say(usage);
      return;
    }
    Optional<Membership> before = agent.rooms().get(args.get(0));
    changed(before.orElse(null), change.apply(agent.rooms(), args.get(0), args.get(1)).join());
  }

  private void leave(List<String> args) {
    if (args.size() != 1) {
      say("usage: /leave #room");
      return;
    }
    agent.rooms().leave(args.get(0)).join();
    io.show(io.paint(Ink.NOTICE, "* you left " + args.get(0)));
  }

  private void history(List<String> args) {
    int n = HISTORY_LINES;
    if (args.size() > 1 || (args.size() == 1 && !args.get(0).matches("[1-9]\\d{0,5}"))) {
      say("usage: /history [N], N a number of lines from 1, e.g. /history 50");
      return;
    }
    if (args.size() == 1) {
      n = Integer.parseInt(args.get(0));
    }
    String target = session.target();
    if (target == null) {
      say("no conversation yet; /to NAME or /to #room picks one");
      return;
    }
    List<Message> stored = agent.history(target);
    if (!RoomNames.isRoom(target)) {
      stored = stored.stream().filter(m -> m.room() == null).toList(); // the pair's lines only
    }
    List<HistoryRows.Row> rows = HistoryRows.of(stored, true);
    if (rows.isEmpty()) {
      io.show("Nothing stored with " + target + " yet.");
    }
    rows.subList(Math.max(0, rows.size() - n), rows.size())
        .forEach(r -> io.show(HistoryRows.text(r, TIME)));
  }

  private void changed(Membership before, Membership now) {
    io.show(io.paint(Ink.NOTICE, "* " + MembershipWords.describe(before, now)));
  }

  private void say(String problem) {
    io.show(io.paint(Ink.NOTICE, problem));
  }
}

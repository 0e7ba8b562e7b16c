package p2pchat.agent.cli.chat;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.rooms.Membership;

/**
 * Tab completion for the terminal chat: slash commands first on a line, then what each command
 * takes (peers, rooms this agent is in, a room's members), and peer and room names anywhere else.
 * Reads the agent's current view on each tab; thread-safe as its suppliers are.
 */
public final class ChatCompleter implements Completer {
  private final String me;
  private final Supplier<List<PeerInfo>> peers;
  private final Supplier<List<Membership>> rooms;

  public ChatCompleter(
      String me, Supplier<List<PeerInfo>> peers, Supplier<List<Membership>> rooms) {
    this.me = me;
    this.peers = peers;
    this.rooms = rooms;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    List<String> words = line.words();
    int at = line.wordIndex();
    String first = words.isEmpty() ? "" : words.get(0);
    if (at == 0) {
      if (first.isEmpty() || first.startsWith("/")) {
        SlashCommands.USAGES.forEach(
            u ->
                candidates.add(
                    new Candidate(u.name(), u.name(), null, u.what(), null, null, true)));
      }
      if (!first.startsWith("/")) {
        addPeers(candidates, List.of());
        addRooms(candidates);
      }
      return;
    }
    String room = words.size() > 1 ? words.get(1) : "";
    switch (first) {
      case "/to" -> {
        if (at == 1) {
          addPeers(candidates, List.of());
          addRooms(candidates);
        }
      }
      case "/create" -> {
        if (at >= 2) {
          addPeers(candidates, words.subList(2, words.size()));
        }
      }
      case "/invite" -> {
        if (at == 1) {
          addRooms(candidates);
        } else if (at == 2) {
          addPeers(candidates, members(room));
        }
      }
      case "/remove" -> {
        if (at == 1) {
          addRooms(candidates);
        } else if (at == 2) {
          members(room).stream()
              .filter(n -> !n.equals(me))
              .forEach(n -> candidates.add(new Candidate(n)));
        }
      }
      case "/leave" -> {
        if (at == 1) {
          addRooms(candidates);
        }
      }
      default -> {
        if (!first.startsWith("/")) { // a message: names anywhere in it
          addPeers(candidates, List.of());
          addRooms(candidates);
        }
      }
    }
  }

  private void addPeers(List<Candidate> candidates, List<String> except) {
    for (PeerInfo p : peers.get()) {
      if (!p.name().equals(me) && !except.contains(p.name())) {
        candidates.add(new Candidate(p.name(), p.name(), null, p.status(), null, null, true));
      }
    }
  }

  private void addRooms(List<Candidate> candidates) {
    for (Membership r : rooms.get()) {
      candidates.add(
          new Candidate(
              r.room(), r.room(), null, r.members().size() + " members", null, null, true));
    }
  }

  private List<String> members(String room) {
    Optional<Membership> m = rooms.get().stream().filter(r -> r.room().equals(room)).findFirst();
    return m.map(Membership::members).orElse(List.of());
  }
}

package p2pchat.harness;

import java.util.List;
import java.util.Map;
import java.util.Set;
import p2pchat.agent.Message;

/**
 * The questions a story asks of one peer's store ({@code carol.received('hi', from: 'Sam')}, {@code
 * receivedAll}, {@code messages}, {@code sent}, {@code joined}, {@code members}, {@code rooms}),
 * answered from what it stored as the story stands. Called on the scenario thread.
 */
record PeerQueries(Peer peer, Scenario scenario, String name) {
  static final Set<String> QUERY_OPTIONS = Set.of("from", "room");
  static final Set<String> SENT_OPTIONS = Set.of("to");

  /**
   * Did this peer store a message with this text (from that sender, when {@code from:} is given)?
   */
  Verdict received(Map<String, ?> options, Object text) {
    Args.checkOptions("received", options, QUERY_OPTIONS);
    String from = options.get("from") == null ? null : scenario.nameOf(options.get("from"));
    String room = room(options);
    List<String> texts = texts(from, room);
    boolean ok = texts.contains(String.valueOf(text));
    return Verdict.of(
        ok,
        name
            + " has "
            + texts.size()
            + (from == null ? "" : " from " + from)
            + (room == null ? "" : " in " + room)
            + ": "
            + new Texts(texts));
  }

  /** Did this peer store anything (from that sender)? */
  Verdict received(Map<String, ?> options) {
    Args.checkOptions("received", options, QUERY_OPTIONS);
    String from = options.get("from") == null ? null : scenario.nameOf(options.get("from"));
    List<String> texts = texts(from, room(options));
    return Verdict.of(
        !texts.isEmpty(), name + " has " + texts.size() + (from == null ? "" : " from " + from));
  }

  /**
   * Has this peer stored every message owed to it (from that sender): durably queued and not
   * expired?
   */
  Verdict receivedAll(Map<String, ?> options) {
    Args.checkOptions("receivedAll", options, QUERY_OPTIONS);
    String from = options.get("from") == null ? null : scenario.nameOf(options.get("from"));
    String room = room(options);
    scenario.awaitSends(); // what is owed includes the sends still on their way into a store
    History t = scenario.history();
    List<History.Flow> owed =
        t.owed().stream()
            .filter(f -> f.to().equals(name) && (from == null || f.from().equals(from)))
            .filter(f -> room == null || room.equals(f.room()))
            .toList();
    List<History.Flow> missing = owed.stream().filter(f -> !f.received()).toList();
    return Verdict.of(
        missing.isEmpty(),
        name
            + " has "
            + (owed.size() - missing.size())
            + " of "
            + owed.size()
            + (from == null ? "" : " from " + from)
            + (missing.isEmpty()
                ? ""
                : "; missing " + Texts.list(missing.stream().map(History.Flow::brief).toList())));
  }

  /** Is this peer in {@code room} now, by the newest membership of it in its store? */
  Verdict joined(Object room) {
    String r = scenario.destinationOf(room);
    List<String> members = members(r);
    return Verdict.of(
        members.contains(name),
        name
            + (members.isEmpty()
                ? " knows no room " + r
                : " has " + r + " with " + String.join(", ", members)));
  }

  /** The rooms this peer is in now. */
  Texts rooms() {
    java.util.Set<String> rooms = new java.util.TreeSet<>();
    for (Message m : peer.history()) {
      if (m.room() != null) {
        rooms.add(m.room());
      }
    }
    return new Texts(rooms.stream().filter(r -> members(r).contains(name)).toList());
  }

  /** The members of {@code room} as this peer knows them (its newest membership of it). */
  Texts members(Object room) {
    return new Texts(members(scenario.destinationOf(room)));
  }

  private List<String> members(String room) {
    long newest = 0;
    List<String> members = List.of();
    for (Message m : peer.history()) {
      p2pchat.agent.rooms.RoomHeader h = m.roomHeader();
      if (h != null
          && h.type() == p2pchat.agent.rooms.RoomHeader.MEMBERSHIP
          && h.roomName().equals(room)
          && h.version() > newest) {
        newest = h.version();
        members = p2pchat.agent.rooms.Membership.fromJson(room, h.version(), m.text()).members();
      }
    }
    return members;
  }

  /** The texts this peer stored (from that sender), in the order it handled them. */
  Texts messages(Map<String, ?> options) {
    Args.checkOptions("messages", options, QUERY_OPTIONS);
    return new Texts(
        texts(
            options.get("from") == null ? null : scenario.nameOf(options.get("from")),
            room(options)));
  }

  /** The texts this peer queued (to that receiver), in the order it queued them. */
  Texts sent(Map<String, ?> options) {
    Args.checkOptions("sent", options, SENT_OPTIONS);
    String to = options.get("to") == null ? null : scenario.nameOf(options.get("to"));
    return new Texts(
        peer.history().stream()
            .filter(
                m -> m.direction() == Message.Direction.OUT && (to == null || m.to().equals(to)))
            .map(Message::text)
            .toList());
  }

  /** What this peer took (from that sender, in that room): not memberships, not those waiting. */
  private List<String> texts(String from, String room) {
    return peer.history().stream()
        .filter(
            m -> m.direction() == Message.Direction.IN && (from == null || m.from().equals(from)))
        .filter(History::isChat)
        .filter(m -> room == null || room.equals(m.room()))
        .map(Message::text)
        .toList();
  }

  private String room(Map<String, ?> options) {
    return options.get("room") == null ? null : scenario.destinationOf(options.get("room"));
  }
}

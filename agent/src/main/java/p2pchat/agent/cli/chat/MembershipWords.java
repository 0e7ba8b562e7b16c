package p2pchat.agent.cli.chat;

import java.util.List;
import java.util.Optional;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomHeader;

/**
 * A room's membership rows in words, for the chat and for {@code history}: {@code Sam created #ops:
 * Sam, Carol, Dan}, {@code Sam added Eve to #ops: ...}, {@code Sam removed Dan from #ops: ...},
 * {@code Dan left #ops}. A membership row is never shown as its JSON. Stateless.
 */
public final class MembershipWords {
  private MembershipWords() {}

  /** True for a row about a room's membership rather than a message in it. */
  public static boolean isMembership(Message m) {
    return m.roomHeader() != null && m.roomHeader().type() != RoomHeader.MESSAGE;
  }

  /** The membership a row carries; empty for a leave request or a row that does not parse. */
  public static Optional<Membership> membership(Message m) {
    RoomHeader h = m.roomHeader();
    if (h == null || h.type() != RoomHeader.MEMBERSHIP) {
      return Optional.empty();
    }
    try {
      return Optional.of(Membership.fromJson(m.room(), h.version(), m.text()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The words for membership row {@code m}, given the version before it ({@code before}, null if
   * not known).
   */
  public static String describe(Message m, Membership before) {
    if (m.roomHeader().type() == RoomHeader.LEAVE) {
      return m.roomHeader().author() + " left " + m.room();
    }
    return membership(m)
        .map(now -> describe(before, now))
        .orElse(m.roomHeader().author() + " changed " + m.room());
  }

  /** How {@code now} differs from {@code before} (null: not known), then who is in it. */
  public static String describe(Membership before, Membership now) {
    String members = ": " + String.join(", ", now.members());
    if (now.version() == 1) {
      return now.owner() + " created " + now.room() + members;
    }
    if (before == null || before.version() >= now.version()) {
      return now.owner() + " changed " + now.room() + members;
    }
    List<String> added = now.members().stream().filter(n -> !before.includes(n)).toList();
    List<String> removed = before.members().stream().filter(n -> !now.includes(n)).toList();
    if (!before.owner().equals(now.owner()) && removed.contains(before.owner())) {
      return before.owner() + " left " + now.room() + "; " + now.owner() + " owns it now" + members;
    }
    if (removed.size() == 1 && added.isEmpty() && !removed.get(0).equals(before.owner())) {
      // also when the member asked to leave: the owner publishes that version too
      return now.owner() + " removed " + removed.get(0) + " from " + now.room() + members;
    }
    if (added.size() == 1 && removed.isEmpty()) {
      return now.owner() + " added " + added.get(0) + " to " + now.room() + members;
    }
    return now.owner() + " changed " + now.room() + members;
  }
}

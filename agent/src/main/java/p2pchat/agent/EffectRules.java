package p2pchat.agent;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomNames;

/**
 * What an {@link Effects} refuses, and in which words: the one copy of these rules, used by the
 * agent's dispatcher and by the test kit so a bot is refused the same way in both. Each check
 * throws {@link IllegalArgumentException} with a one-line message saying what was wrong and what to
 * do. Stateless.
 */
public final class EffectRules {
  private EffectRules() {}

  /**
   * A send to a peer name or to a room this agent is in ({@code room} looks a room up as the call
   * sees it, null if not a member), with text and a positive ttl if any. The size limit is the
   * transport's ({@code common.MessageSize}), checked by whoever knows it.
   */
  public static void checkSend(
      String to, String text, Duration ttl, Function<String, Membership> room) {
    if (RoomNames.isRoom(to)) {
      RoomNames.check(to);
      if (room.apply(to) == null) {
        throw new IllegalArgumentException(
            "send to "
                + to
                + ": this agent is not a member of it; create it with rooms.create or ask its"
                + " owner to invite you");
      }
    } else {
      Names.check(to);
    }
    if (text == null) {
      throw new IllegalArgumentException("send to " + to + ": text must not be null");
    }
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
  }

  /** A state key is not empty. */
  public static void checkStateKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("state key must not be empty");
    }
  }

  /** A timer is due now or later, and repeats (if it does) after a positive period. */
  public static void checkTimer(Duration delay, Duration period) {
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("timer delay must be zero or positive: " + delay);
    }
    if (period != null && (period.isNegative() || period.isZero())) {
      throw new IllegalArgumentException("timer period must be positive: " + period);
    }
  }

  /** A room to create has a room name and does not exist yet ({@code existing} is null). */
  public static void checkNewRoom(String room, Membership existing) {
    RoomNames.check(room);
    if (existing != null) {
      throw new IllegalArgumentException(room + " exists already; pick another name");
    }
  }

  /** The membership of a room this agent is in; {@code m} is its lookup, null if not a member. */
  public static Membership member(String room, Membership m) {
    if (m == null) {
      throw new IllegalArgumentException(
          "this agent is not a member of " + room + "; rooms.joined lists the rooms it is in");
    }
    return m;
  }

  /**
   * A peer to add to a room: a peer name, not this agent ({@code me}, a member already), and one
   * the registry knows ({@code known}). {@code hint}, if not null, is added to the advice (the test
   * kit says how a test makes a peer known).
   */
  public static String checkNewMember(
      String me, String name, Predicate<String> known, String hint) {
    Names.check(name);
    if (name.equals(me)) {
      throw new IllegalArgumentException("the room's creator is a member already: " + name);
    }
    if (!known.test(name)) {
      throw new IllegalArgumentException(
          "unknown peer "
              + name
              + ": the registry does not know it; check the name (peers lists who exists"
              + (hint == null ? "" : "; " + hint)
              + ")");
    }
    return name;
  }
}

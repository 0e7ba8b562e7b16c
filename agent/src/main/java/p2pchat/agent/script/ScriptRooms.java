package p2pchat.agent.script;

import java.util.ArrayList;
import java.util.List;
import p2pchat.agent.Effects;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomNames;

/**
 * {@code rooms} in a script: {@code rooms.create('#ops', ['Carol', 'Dan'])}, {@code
 * rooms['#ops'].invite('Eve')}, {@code rooms.joined}. Changes commit with the handler's round, like
 * its sends. Per call, on the dispatch thread; not thread-safe.
 */
public final class ScriptRooms {
  private final Effects effects;

  ScriptRooms(Effects effects) {
    this.effects = effects;
  }

  /** Creates a room this agent owns, with {@code members} besides it; returns it. */
  public Room create(Object room, List<?> members) {
    String name = check(room);
    List<String> names = new ArrayList<>();
    if (members != null) {
      members.forEach(m -> names.add(String.valueOf(m)));
    }
    effects.createRoom(name, names);
    return new Room(name);
  }

  /**
   * {@code rooms['#ops']}: Groovy picks its own {@code getAt(Object, String)} (a property lookup)
   * over {@link #getAt(Object)} for a String, so the String form must be declared.
   */
  public Room getAt(String room) {
    return getAt((Object) room);
  }

  /** The room named {@code room}, which this agent must be in. */
  public Room getAt(Object room) {
    String name = check(room);
    if (effects.room(name) == null) {
      throw new DslException(
          "this agent is not a member of " + name + "; rooms.joined lists the rooms it is in");
    }
    return new Room(name);
  }

  /** The names of the rooms this agent is in. */
  public List<String> getJoined() {
    return effects.rooms().stream().map(Membership::room).toList();
  }

  @Override
  public String toString() {
    return getJoined().toString();
  }

  private static String check(Object room) {
    if (room == null) {
      throw new DslException("a room is named like '#ops'");
    }
    try {
      return RoomNames.check(room.toString());
    } catch (IllegalArgumentException e) {
      throw new DslException(e.getMessage());
    }
  }

  /** One room, as {@code rooms['#ops']} gives it. */
  public final class Room {
    private final String name;

    Room(String name) {
      this.name = name;
    }

    public String getName() {
      return name;
    }

    public String getOwner() {
      return membership().owner();
    }

    /** The members, the owner first, as this agent knows them now. */
    public List<String> getMembers() {
      return membership().members();
    }

    public void invite(Object peer) {
      effects.invite(name, String.valueOf(peer));
    }

    public void removeMember(Object peer) {
      effects.removeMember(name, String.valueOf(peer));
    }

    public void leave() {
      effects.leaveRoom(name);
    }

    private Membership membership() {
      Membership m = effects.room(name);
      if (m == null) {
        throw new DslException("this agent is no longer a member of " + name);
      }
      return m;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}

package p2pchat.agent.effects;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import p2pchat.agent.EffectRules;
import p2pchat.agent.Effects;
import p2pchat.agent.Job;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomNames;

/**
 * What an {@link Effects} that buffers one call's changes does alike wherever it runs: who makes
 * the call and when, the state entries it puts, and timers and room changes refused as {@link
 * EffectRules} says before they are handed to {@link #scheduled} or {@link #roomChanged}; the rooms
 * read are the committed ones with the call's changes on top. The one copy of these steps for the
 * dispatcher's effects and the test kit's, so a bot behaves alike in both. Not thread-safe: one
 * call's.
 */
public abstract class BufferedEffects implements Effects {
  /** The agent the call is made in. */
  protected final String me;

  /** The time of the call (epoch ms). */
  protected final long now;

  /** The state entries the call put, in order; a null value removes its key. */
  protected final Map<String, String> stateChanges = new LinkedHashMap<>();

  /** What a call did to a room. */
  public enum RoomEdit {
    CREATE,
    INVITE,
    REMOVE,
    LEAVE
  }

  protected BufferedEffects(String me, long now) {
    this.me = me;
    this.now = now;
  }

  @Override
  public final String me() {
    return me;
  }

  @Override
  public final long now() {
    return now;
  }

  /** What the call put into the state ({@link #stateChanges}); for reading only. */
  public final Map<String, String> stateChanges() {
    return stateChanges;
  }

  @Override
  public final void putState(String key, String json) {
    EffectRules.checkStateKey(key);
    stateChanges.put(key, json);
  }

  @Override
  public final long schedule(Duration delay, Duration period, byte[] payload, String description) {
    EffectRules.checkTimer(delay, period);
    long id = nextJobId();
    scheduled(
        new Job(
            id,
            now + delay.toMillis(),
            period == null ? null : period.toMillis(),
            payload,
            description));
    return id;
  }

  @Override
  public final List<Membership> rooms() {
    return List.copyOf(roomView().values());
  }

  @Override
  public final Membership room(String room) {
    return roomView().get(RoomNames.check(room));
  }

  @Override
  public final void createRoom(String room, List<String> members) {
    EffectRules.checkNewRoom(room, room(room));
    members.forEach(this::checkKnown);
    roomChanged(RoomEdit.CREATE, room, Membership.create(room, me, members), members);
  }

  @Override
  public final void invite(String room, String name) {
    checkKnown(name);
    roomChanged(RoomEdit.INVITE, room, member(room).invite(me, name), List.of(name));
  }

  @Override
  public final void removeMember(String room, String name) {
    roomChanged(RoomEdit.REMOVE, room, member(room).remove(me, name), List.of(name));
  }

  @Override
  public final void leaveRoom(String room) {
    member(room);
    roomChanged(RoomEdit.LEAVE, room, null, List.of());
  }

  private Membership member(String room) {
    return EffectRules.member(room, room(room));
  }

  /** The id of the next job this call schedules. */
  protected abstract long nextJobId();

  /** Keeps a timer the rules allowed. */
  protected abstract void scheduled(Job job);

  /** The rooms as committed, with this call's changes on top: a new map each time. */
  protected abstract Map<String, Membership> roomView();

  /**
   * Keeps a change the rules allowed: {@code next} is the room's membership after it (null: left),
   * {@code names} the members it was created with, or the one invited or removed.
   */
  protected abstract void roomChanged(
      RoomEdit edit, String room, Membership next, List<String> names);

  /** Refuses {@code name} as a new member ({@link EffectRules#checkNewMember}). */
  protected abstract void checkKnown(String name);
}

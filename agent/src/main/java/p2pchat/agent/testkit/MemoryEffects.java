package p2pchat.agent.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import p2pchat.agent.Effects;
import p2pchat.agent.Job;
import p2pchat.agent.Names;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomNames;

/**
 * The effects of one behavior call in the test kit, buffered until {@link MemoryCore} commits them
 * (or drops them, if the call threw), with the same refusals as the agent's own: a name that is not
 * a peer name, a room this agent is not in, a ttl or delay that is not positive, a room member the
 * registry does not know. Reads see the committed state with this call's changes on top. Confined
 * to the test's thread; not thread-safe.
 */
final class MemoryEffects implements Effects {
  private final MemoryCore core;
  final List<Sent> sent = new ArrayList<>();
  final Map<String, String> stateChanges = new LinkedHashMap<>();
  final Map<Long, Job> scheduled = new LinkedHashMap<>();
  final Set<Long> cancelled = new HashSet<>();
  final Map<String, Membership> roomChanges = new LinkedHashMap<>(); // null value: left
  boolean stop;

  MemoryEffects(MemoryCore core) {
    this.core = core;
  }

  @Override
  public String me() {
    return core.me;
  }

  @Override
  public long now() {
    return core.now;
  }

  @Override
  public void send(String to, String text, String dataJson, Duration ttl) {
    if (RoomNames.isRoom(to)) {
      RoomNames.check(to);
      if (room(to) == null) {
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
    sent.add(new Sent(UUID.randomUUID().toString(), to, text, dataJson, ttl, core.now));
  }

  @Override
  public Map<String, String> state() {
    Map<String, String> view = new LinkedHashMap<>(core.state);
    stateChanges.forEach(
        (k, v) -> {
          if (v == null) {
            view.remove(k);
          } else {
            view.put(k, v);
          }
        });
    return view;
  }

  @Override
  public void putState(String key, String json) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("state key must not be empty");
    }
    stateChanges.put(key, json);
  }

  @Override
  public long schedule(Duration delay, Duration period, byte[] payload, String description) {
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("timer delay must be zero or positive: " + delay);
    }
    if (period != null && (period.isNegative() || period.isZero())) {
      throw new IllegalArgumentException("timer period must be positive: " + period);
    }
    long id = core.nextJobId++;
    scheduled.put(
        id,
        new Job(
            id,
            core.now + delay.toMillis(),
            period == null ? null : period.toMillis(),
            payload,
            description));
    return id;
  }

  @Override
  public void cancel(long jobId) {
    scheduled.remove(jobId);
    cancelled.add(jobId);
  }

  @Override
  public List<Job> jobs() {
    // like the agent's dispatcher: the job being fired is off the list
    return core.jobs.values().stream().filter(j -> !j.equals(core.firing)).toList();
  }

  @Override
  public List<PeerInfo> peers() {
    return List.copyOf(core.peers.values());
  }

  @Override
  public List<Membership> rooms() {
    return List.copyOf(roomView().values());
  }

  @Override
  public Membership room(String room) {
    return roomView().get(RoomNames.check(room));
  }

  @Override
  public void createRoom(String room, List<String> members) {
    RoomNames.check(room);
    if (room(room) != null) {
      throw new IllegalArgumentException(room + " exists already; pick another name");
    }
    members.forEach(this::checkKnown);
    roomChanges.put(room, Membership.create(room, core.me, members));
  }

  @Override
  public void invite(String room, String name) {
    checkKnown(name);
    roomChanges.put(room, member(room).invite(core.me, name));
  }

  @Override
  public void removeMember(String room, String name) {
    roomChanges.put(room, member(room).remove(core.me, name));
  }

  @Override
  public void leaveRoom(String room) {
    member(room);
    roomChanges.put(room, null);
  }

  @Override
  public void stopAgent() {
    stop = true;
  }

  private Membership member(String room) {
    Membership m = room(room);
    if (m == null) {
      throw new IllegalArgumentException(
          "this agent is not a member of " + room + "; rooms.joined lists the rooms it is in");
    }
    return m;
  }

  private void checkKnown(String name) {
    Names.check(name);
    if (name.equals(core.me)) {
      throw new IllegalArgumentException("the room's creator is a member already: " + name);
    }
    if (!core.peers.containsKey(name)) {
      throw new IllegalArgumentException(
          "unknown peer "
              + name
              + ": the registry does not know it; check the name (peers lists who exists;"
              + " in a test, peer('"
              + name
              + "') makes it known)");
    }
  }

  private Map<String, Membership> roomView() {
    Map<String, Membership> view = new LinkedHashMap<>(core.rooms);
    roomChanges.forEach(
        (room, m) -> {
          if (m == null) {
            view.remove(room);
          } else {
            view.put(room, m);
          }
        });
    return view;
  }
}

package p2pchat.agent.handling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import p2pchat.agent.Behavior;
import p2pchat.agent.EffectRules;
import p2pchat.agent.Job;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.common.Changes;
import p2pchat.agent.common.MessageSize;
import p2pchat.agent.effects.BufferedEffects;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomNames;
import p2pchat.agent.store.Outgoing;
import p2pchat.agent.store.Store;

/**
 * The effects of one {@link Behavior} call, buffered until the dispatcher commits them. Reads of
 * {@link #state()} see the committed state with this call's changes on top. Confined to the
 * dispatcher's drains; not thread-safe.
 */
public final class CallEffects extends BufferedEffects {
  private final Map<String, String> baseState;
  private final Supplier<List<PeerInfo>> peers;
  private final Predicate<String> online;
  private final int maxMessageBytes;
  private final TimerSet timers;
  private final Store store;
  private final Map<String, Membership> roomChanges = new LinkedHashMap<>();

  /** One write of the call, in the order the behavior made them. */
  sealed interface Write {}

  record Send(Outgoing message) implements Write {}

  /**
   * A membership change: {@code names} are the members created with, or the one invited/removed.
   */
  record RoomChange(RoomEdit kind, String room, List<String> names) implements Write {}

  final List<Write> writes = new ArrayList<>();
  final List<Job> newJobs = new ArrayList<>();
  final List<Long> cancelled = new ArrayList<>();
  boolean stopRequested;

  CallEffects(CallSetup calls, Map<String, String> baseState, TimerSet timers, long now) {
    super(calls.name(), now);
    this.peers = calls.peers();
    this.online = calls.online();
    this.maxMessageBytes = calls.maxMessageBytes();
    this.store = calls.store();
    this.baseState = baseState;
    this.timers = timers;
  }

  @Override
  public void send(String to, String text, String dataJson, Duration ttl) {
    EffectRules.checkSend(to, text, ttl, this::room);
    MessageSize.check(to, text, dataJson, maxMessageBytes);
    Long expiresAt = ttl == null ? null : now + ttl.toMillis();
    writes.add(
        new Send(
            new Outgoing(
                to, text, dataJson, expiresAt, !RoomNames.isRoom(to) && !online.test(to))));
  }

  @Override
  public Map<String, String> state() {
    if (stateChanges.isEmpty()) {
      return Collections.unmodifiableMap(baseState);
    }
    return Collections.unmodifiableMap(Changes.applyTo(new HashMap<>(baseState), stateChanges));
  }

  @Override
  protected long nextJobId() {
    return timers.nextId();
  }

  @Override
  protected void scheduled(Job job) {
    newJobs.add(job);
  }

  @Override
  public void cancel(long jobId) {
    cancelled.add(jobId);
  }

  @Override
  public List<Job> jobs() {
    return timers.snapshot();
  }

  @Override
  public List<PeerInfo> peers() {
    return peers.get();
  }

  @Override
  protected void checkKnown(String name) {
    EffectRules.checkNewMember(
        me, name, n -> peers.get().stream().anyMatch(p -> p.name().equals(n)), null);
  }

  @Override
  protected void roomChanged(RoomEdit kind, String room, Membership next, List<String> names) {
    roomView();
    if (next == null) {
      roomChanges.remove(room);
      roomChanges.put(room, null);
    } else {
      roomChanges.put(room, next);
    }
    writes.add(new RoomChange(kind, room, List.copyOf(names)));
  }

  @Override
  protected Map<String, Membership> roomView() {
    Map<String, Membership> view = new LinkedHashMap<>();
    for (Membership m : store.rooms()) {
      view.put(m.room(), m);
    }
    return Changes.applyTo(view, roomChanges);
  }

  @Override
  public void stopAgent() {
    stopRequested = true;
  }

  boolean isEmpty() {
    return writes.isEmpty()
        && stateChanges.isEmpty()
        && newJobs.isEmpty()
        && cancelled.isEmpty()
        && !stopRequested;
  }
}

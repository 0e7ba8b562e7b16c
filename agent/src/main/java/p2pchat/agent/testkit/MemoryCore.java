package p2pchat.agent.testkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import p2pchat.agent.AgentEvent;
import p2pchat.agent.Behavior;
import p2pchat.agent.Effects;
import p2pchat.agent.Job;
import p2pchat.agent.Message;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.common.Changes;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomHeader;

/**
 * The test kit's stand-in for the agent core and its database: state, timers, rooms, known peers
 * and what was sent, in memory, on a virtual clock. It drives a {@link Behavior} as the agent's
 * dispatcher does: one call at a time, each call's effects committed together when it returns, or
 * dropped if it threw (then {@code onError} runs in a call of its own); a fired timer is deleted,
 * or due again one period on, whatever its call did. Everything here outlives the behavior, so a
 * new behavior on the same core is a restart on the same database. Not thread-safe: one test drives
 * it from one thread.
 */
final class MemoryCore {

  final String me;
  long now;
  long nextJobId = 1;
  Job firing; // the job whose call runs now; off the jobs() list, as in the agent
  final Map<String, String> state = new LinkedHashMap<>();
  final Map<Long, Job> jobs = new TreeMap<>();
  final Map<String, PeerInfo> peers = new LinkedHashMap<>();
  final Map<String, Membership> rooms = new LinkedHashMap<>();

  /** Everything sent, in commit order; what delivered()/expire() may still act on. */
  final List<Sent> sent = new ArrayList<>();

  final List<Sent> pending = new ArrayList<>();
  boolean stopRequested;
  private final Map<String, Long> seqs = new HashMap<>();

  MemoryCore(String me, long now) {
    this.me = me;
    this.now = now;
  }

  interface Call {
    void run(Effects effects) throws Exception;
  }

  /** Runs one call and commits its effects; on a throw, drops them and runs onError instead. */
  void run(Behavior behavior, Message message, Call call) {
    MemoryEffects effects = new MemoryEffects(this);
    try {
      call.run(effects);
      commit(effects);
    } catch (Exception | LinkageError | AssertionError e) { // as the agent's dispatcher
      failed(behavior, message, e);
    }
  }

  /** A call threw: its effects are gone; {@code on error} runs and its effects are saved. */
  void failed(Behavior behavior, Message message, Throwable error) {
    firing = null;
    MemoryEffects effects = new MemoryEffects(this);
    try {
      behavior.onError(error, message, effects);
      commit(effects);
    } catch (Exception | LinkageError | AssertionError ignored) {
      // the script host logged it and told its failure listeners; nothing to save
    }
  }

  void commit(MemoryEffects fx) {
    sent.addAll(fx.sent);
    pending.addAll(fx.sent);
    Changes.applyTo(state, fx.stateChanges());
    fx.cancelled.forEach(jobs::remove);
    jobs.putAll(fx.scheduled);
    Changes.applyTo(rooms, fx.roomChanges);
    stopRequested |= fx.stop;
  }

  /** The timer due first at or before {@code until}, or null. */
  Job nextDue(long until) {
    return jobs.values().stream()
        .filter(j -> j.dueAt() <= until)
        .min(Comparator.comparingLong(Job::dueAt).thenComparingLong(Job::id))
        .orElse(null);
  }

  /** Fires {@code job} in a call of its own; then it is gone, or due again one period on. */
  void fire(Behavior behavior, Job job) {
    now = Math.max(now, job.dueAt());
    firing = job;
    boolean[] cancelled = {false};
    MemoryEffects effects = new MemoryEffects(this);
    try {
      behavior.onTimer(job, effects);
      cancelled[0] = effects.cancelled.contains(job.id());
      commit(effects);
    } catch (Exception | LinkageError | AssertionError e) {
      firing = null;
      failed(behavior, null, e);
    } finally {
      firing = null;
    }
    if (cancelled[0] || !jobs.containsKey(job.id())) {
      return;
    }
    if (job.periodMillis() == null) {
      jobs.remove(job.id());
    } else {
      long next = job.dueAt() + job.periodMillis();
      jobs.put(
          job.id(),
          new Job(
              job.id(),
              next <= now ? now + job.periodMillis() : next,
              job.periodMillis(),
              job.payload(),
              job.description()));
    }
  }

  /** A message arriving from {@code from}, in {@code room} if that is not null. */
  Message incoming(String from, String text, String dataJson, String room) {
    long seq = seqs.merge(from, 1L, Long::sum);
    RoomHeader header = null;
    if (room != null) {
      Membership m = rooms.get(room);
      header =
          new RoomHeader(
              RoomHeader.MESSAGE,
              room.substring(1),
              from,
              seqs.merge(room + "/" + from, 1L, Long::sum),
              m.version(),
              0,
              Map.of(),
              new byte[0]);
    }
    return new Message(
        UUID.randomUUID().toString(),
        from,
        me,
        Message.Direction.IN,
        seq,
        text,
        dataJson,
        Message.Status.RECEIVED,
        now,
        now,
        false,
        null,
        header);
  }

  /**
   * What the agent stored for {@code s}: one message per receiver (a room's message once per other
   * member, each with the room's header), as {@code on delivered}/{@code on expired} see them.
   */
  List<Message> copies(Sent s, Message.Status status) {
    List<String> receivers = List.of(s.to());
    RoomHeader header = null;
    if (s.to().startsWith("#")) {
      Membership m = rooms.get(s.to());
      receivers = m == null ? List.of() : m.othersThan(me);
      header =
          new RoomHeader(
              RoomHeader.MESSAGE,
              s.to().substring(1),
              me,
              0,
              m == null ? 1 : m.version(),
              0,
              Map.of(),
              new byte[0]);
    }
    List<Message> out = new ArrayList<>();
    for (String to : receivers) {
      out.add(
          new Message(
              s.id(),
              me,
              to,
              Message.Direction.OUT,
              0,
              s.text(),
              s.data(),
              status,
              s.sentAt(),
              null,
              false,
              s.ttl() == null ? null : s.sentAt() + s.ttl().toMillis(),
              header));
    }
    return out;
  }

  /** Sends an event to the behavior if it wants it, as the agent does. */
  void event(Behavior behavior, AgentEvent event) {
    if (behavior.wants(event)) {
      run(behavior, null, fx -> behavior.onEvent(event, fx));
    }
  }
}

package p2pchat.agent.script;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import p2pchat.agent.AgentEvent;
import p2pchat.agent.Behavior;
import p2pchat.agent.Job;
import p2pchat.agent.Message;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.common.Changes;
import p2pchat.agent.effects.BufferedEffects;
import p2pchat.agent.rooms.Membership;

/**
 * A test fixture standing in for the agent core: it keeps state, jobs and sent messages in memory
 * (surviving a "restart", i.e. a new ScriptHost on the same core) and drives a Behavior the way the
 * core does — one transaction per call, discarded if the call throws, then onError in its own
 * transaction; a fired timer is deleted or rescheduled whatever the call did. Virtual clock. Not
 * thread-safe: tests drive it from one thread.
 */
final class MemoryCore {

  record Sent(String to, String text, String data, Duration ttl) {}

  final String me;
  final Map<String, String> state = new LinkedHashMap<>();
  final Map<Long, Job> jobs = new TreeMap<>();
  final List<Sent> sent = new ArrayList<>();
  final List<PeerInfo> peers = new ArrayList<>();
  final List<Exception> ignoredErrors = new ArrayList<>();
  boolean canListJobs = true;

  /** Like the real dispatcher: a job being fired is off the list jobs() answers. */
  boolean listHidesFiringJob;

  private Long firing;
  boolean stopRequested;
  long now;
  private long nextJobId = 1;
  private long nextSeq = 1;

  MemoryCore(String me) {
    this.me = me;
  }

  Message incoming(String from, String text) {
    return incoming(from, text, null);
  }

  Message incoming(String from, String text, String dataJson) {
    return new Message(
        UUID.randomUUID().toString(),
        from,
        me,
        Message.Direction.IN,
        nextSeq++,
        text,
        dataJson,
        Message.Status.RECEIVED,
        now,
        now,
        false,
        null);
  }

  void start(Behavior b) {
    run(b, null, tx -> b.onStart(tx));
  }

  void deliver(Behavior b, Message m) {
    run(b, m, tx -> b.onMessage(m, tx));
  }

  /** What was sent so far, each as {@code To:text}, in order. */
  List<String> sentTexts() {
    return sent.stream().map(s -> s.to() + ":" + s.text()).toList();
  }

  /**
   * Delivers each line, written {@code From:text} as {@link #sentTexts} writes what was sent, as a
   * message from From, in order.
   */
  void hear(Behavior b, String... lines) {
    for (String line : lines) {
      int colon = line.indexOf(':');
      deliver(b, incoming(line.substring(0, colon), line.substring(colon + 1)));
    }
  }

  void event(Behavior b, AgentEvent e) {
    run(b, null, tx -> b.onEvent(e, tx));
  }

  void stop(Behavior b) {
    run(b, null, tx -> b.onStop(tx));
  }

  /** Moves the clock and fires every job that falls due, in due order, each in its own call. */
  void advance(Behavior b, Duration d) {
    long until = now + d.toMillis();
    while (true) {
      Job next =
          jobs.values().stream()
              .filter(j -> j.dueAt() <= until)
              .min((x, y) -> Long.compare(x.dueAt(), y.dueAt()))
              .orElse(null);
      if (next == null) {
        break;
      }
      now = Math.max(now, next.dueAt());
      fire(b, next);
    }
    now = until;
  }

  private void fire(Behavior b, Job job) {
    firing = job.id();
    Tx tx = run(b, null, t -> b.onTimer(job, t));
    firing = null;
    if (tx.cancelled.contains(job.id()) || !jobs.containsKey(job.id())) {
      return;
    }
    if (job.periodMillis() == null) {
      jobs.remove(job.id());
    } else {
      jobs.put(
          job.id(),
          new Job(
              job.id(),
              job.dueAt() + job.periodMillis(),
              job.periodMillis(),
              job.payload(),
              job.description()));
    }
  }

  private interface Call {
    void run(Tx tx) throws Exception;
  }

  private Tx run(Behavior b, Message m, Call call) {
    Tx tx = new Tx();
    try {
      call.run(tx);
      commit(tx);
    } catch (Exception e) {
      Tx err = new Tx();
      try {
        b.onError(e, m, err);
        commit(err);
      } catch (Exception ignored) {
        ignoredErrors.add(ignored);
      }
    }
    return tx;
  }

  private void commit(Tx tx) {
    sent.addAll(tx.sent);
    Changes.applyTo(state, tx.stateChanges());
    tx.cancelled.forEach(jobs::remove);
    jobs.putAll(tx.scheduled);
    stopRequested |= tx.stop;
  }

  /**
   * One call's effects, applied by commit; who, when, state puts and timers are kept, and refused
   * as in the agent, by {@link BufferedEffects}. This core has no rooms: none are read, and a
   * change to one is unsupported.
   */
  final class Tx extends BufferedEffects {
    final List<Sent> sent = new ArrayList<>();
    final Map<Long, Job> scheduled = new LinkedHashMap<>();
    final Set<Long> cancelled = new HashSet<>();
    boolean stop;

    Tx() {
      super(MemoryCore.this.me, MemoryCore.this.now);
    }

    @Override
    public void send(String to, String text, String dataJson, Duration ttl) {
      sent.add(new Sent(to, text, dataJson, ttl));
    }

    @Override
    public Map<String, String> state() {
      return Changes.applyTo(new LinkedHashMap<>(state), stateChanges);
    }

    @Override
    protected long nextJobId() {
      return nextJobId++;
    }

    @Override
    protected void scheduled(Job job) {
      scheduled.put(job.id(), job);
    }

    @Override
    public void cancel(long jobId) {
      scheduled.remove(jobId);
      cancelled.add(jobId);
    }

    @Override
    public List<Job> jobs() {
      if (!canListJobs) {
        throw new UnsupportedOperationException("no jobs()");
      }
      return jobs.values().stream()
          .filter(j -> !listHidesFiringJob || !Long.valueOf(j.id()).equals(firing))
          .toList();
    }

    @Override
    public List<PeerInfo> peers() {
      return List.copyOf(peers);
    }

    @Override
    public void stopAgent() {
      stop = true;
    }

    @Override
    protected Map<String, Membership> roomView() {
      return new LinkedHashMap<>();
    }

    @Override
    protected void roomChanged(RoomEdit edit, String room, Membership next, List<String> names) {
      throw new UnsupportedOperationException("this Effects has no rooms");
    }

    @Override
    protected void checkKnown(String name) {
      // no rooms to add anyone to: roomChanged refuses the change
    }
  }
}

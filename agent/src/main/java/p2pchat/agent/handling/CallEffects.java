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
import p2pchat.agent.Effects;
import p2pchat.agent.Job;
import p2pchat.agent.Names;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.common.MessageSize;
import p2pchat.agent.store.Outgoing;

/**
 * The effects of one {@link Behavior} call, buffered until the dispatcher commits them. Reads of
 * {@link #state()} see the committed state with this call's changes on top. Confined to the
 * dispatch thread; not thread-safe.
 */
public final class CallEffects implements Effects {
  record NewJob(long id, long dueAt, Long periodMillis, byte[] payload, String description) {}

  private final String me;
  private final Map<String, String> baseState;
  private final Supplier<List<PeerInfo>> peers;
  private final Predicate<String> online;
  private final int maxMessageBytes;
  private final JobIds jobIds;
  private final Supplier<List<Job>> jobs;
  private final long now;

  final List<Outgoing> sends = new ArrayList<>();
  final Map<String, String> stateChanges = new LinkedHashMap<>();
  final List<NewJob> newJobs = new ArrayList<>();
  final List<Long> cancelled = new ArrayList<>();
  boolean stopRequested;

  /** Hands out job ids; the dispatcher is the only writer of jobs, so it can number them. */
  interface JobIds {
    long next();
  }

  CallEffects(
      String me,
      Map<String, String> baseState,
      Supplier<List<PeerInfo>> peers,
      Predicate<String> online,
      int maxMessageBytes,
      JobIds jobIds,
      Supplier<List<Job>> jobs,
      long now) {
    this.me = me;
    this.baseState = baseState;
    this.peers = peers;
    this.online = online;
    this.maxMessageBytes = maxMessageBytes;
    this.jobIds = jobIds;
    this.jobs = jobs;
    this.now = now;
  }

  @Override
  public String me() {
    return me;
  }

  @Override
  public void send(String to, String text, String dataJson, Duration ttl) {
    Names.check(to);
    if (text == null) {
      throw new IllegalArgumentException("send to " + to + ": text must not be null");
    }
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
    MessageSize.check(to, text, dataJson, maxMessageBytes);
    Long expiresAt = ttl == null ? null : now + ttl.toMillis();
    sends.add(new Outgoing(to, text, dataJson, expiresAt, !online.test(to)));
  }

  @Override
  public Map<String, String> state() {
    if (stateChanges.isEmpty()) {
      return Collections.unmodifiableMap(baseState);
    }
    Map<String, String> view = new HashMap<>(baseState);
    stateChanges.forEach(
        (k, v) -> {
          if (v == null) {
            view.remove(k);
          } else {
            view.put(k, v);
          }
        });
    return Collections.unmodifiableMap(view);
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
    long id = jobIds.next();
    newJobs.add(
        new NewJob(
            id,
            now + delay.toMillis(),
            period == null ? null : period.toMillis(),
            payload,
            description));
    return id;
  }

  @Override
  public void cancel(long jobId) {
    cancelled.add(jobId);
  }

  @Override
  public List<Job> jobs() {
    return jobs.get();
  }

  @Override
  public List<PeerInfo> peers() {
    return peers.get();
  }

  @Override
  public void stopAgent() {
    stopRequested = true;
  }

  boolean isEmpty() {
    return sends.isEmpty()
        && stateChanges.isEmpty()
        && newJobs.isEmpty()
        && cancelled.isEmpty()
        && !stopRequested;
  }
}

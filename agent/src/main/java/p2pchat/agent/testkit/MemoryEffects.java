package p2pchat.agent.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import p2pchat.agent.EffectRules;
import p2pchat.agent.Job;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.common.Changes;
import p2pchat.agent.effects.BufferedEffects;
import p2pchat.agent.rooms.Membership;

/**
 * The effects of one behavior call in the test kit, buffered until {@link MemoryCore} commits them
 * (or drops them, if the call threw), with the agent's own refusals ({@link EffectRules}; the size
 * limit is the transport's, which the kit does not have). Reads see the committed state with this
 * call's changes on top. Confined to the test's thread; not thread-safe.
 */
final class MemoryEffects extends BufferedEffects {
  private final MemoryCore core;
  final List<Sent> sent = new ArrayList<>();
  final Map<Long, Job> scheduled = new LinkedHashMap<>();
  final Set<Long> cancelled = new HashSet<>();
  final Map<String, Membership> roomChanges = new LinkedHashMap<>(); // null value: left
  boolean stop;

  MemoryEffects(MemoryCore core) {
    super(core.me, core.now);
    this.core = core;
  }

  @Override
  public void send(String to, String text, String dataJson, Duration ttl) {
    EffectRules.checkSend(to, text, ttl, this::room);
    sent.add(new Sent(UUID.randomUUID().toString(), to, text, dataJson, ttl, now));
  }

  @Override
  public Map<String, String> state() {
    return Changes.applyTo(new LinkedHashMap<>(core.state), stateChanges);
  }

  @Override
  protected long nextJobId() {
    return core.nextJobId++;
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
    // like the agent's dispatcher: the job being fired is off the list
    return core.jobs.values().stream().filter(j -> !j.equals(core.firing)).toList();
  }

  @Override
  public List<PeerInfo> peers() {
    return List.copyOf(core.peers.values());
  }

  @Override
  public void stopAgent() {
    stop = true;
  }

  @Override
  protected void roomChanged(RoomEdit edit, String room, Membership next, List<String> names) {
    roomChanges.put(room, next);
  }

  @Override
  protected void checkKnown(String name) {
    EffectRules.checkNewMember(
        me, name, core.peers::containsKey, "in a test, peer('" + name + "') makes it known");
  }

  @Override
  protected Map<String, Membership> roomView() {
    return Changes.applyTo(new LinkedHashMap<>(core.rooms), roomChanges);
  }
}

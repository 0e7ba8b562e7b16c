package p2pchat.agent.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many messages of each sender this agent has stored but its script has not yet handled,
 * against a quota per sender: a connection from a sender past its quota stops being read (the
 * messages wait in the sender's outbox; nothing is lost or dropped) until the script catches up to
 * half of it (so a slow script does not toggle the link per message), while other senders'
 * connections go on. Counts come from the agent: stored when a batch commits, handled when a
 * handler's round commits. Thread-safe.
 */
public final class SenderQuota {
  private final int limit;
  private final ConcurrentHashMap<String, AtomicInteger> unhandled = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, List<Runnable>> waiting = new ConcurrentHashMap<>();

  /** {@code limit} stored-but-unhandled messages per sender; 0 for no quota. */
  public SenderQuota(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("the sender quota must be 0 (none) or positive: " + limit);
    }
    this.limit = limit;
  }

  public int limit() {
    return limit;
  }

  /** The counts found in the store at start. */
  public void start(Map<String, Integer> unhandledBySender) {
    unhandledBySender.forEach((peer, n) -> count(peer).set(n));
  }

  /** True if some sender waits for room. */
  public boolean anyWaiting() {
    return !waiting.isEmpty();
  }

  /**
   * Takes the store's counts for the senders that wait (no new messages of theirs are being read),
   * and lets those below their quota go on.
   */
  public void resync(Map<String, Integer> unhandledBySender) {
    for (String peer : List.copyOf(waiting.keySet())) {
      count(peer).set(unhandledBySender.getOrDefault(peer, 0));
      handled(peer, 0);
    }
  }

  /** {@code n} messages of {@code peer} were stored, to be handled. */
  public void stored(String peer, int n) {
    count(peer).addAndGet(n);
  }

  /** {@code n} messages of {@code peer} were handled (their round committed). */
  public void handled(String peer, int n) {
    count(peer).addAndGet(-n);
    if (!holds(peer)) {
      List<Runnable> resume = waiting.remove(peer);
      if (resume != null) {
        resume.forEach(Runnable::run);
      }
    }
  }

  /** Messages of {@code peer} stored and not handled yet. */
  public int unhandled(String peer) {
    AtomicInteger n = unhandled.get(peer);
    return n == null ? 0 : n.get();
  }

  /** True if {@code peer} is at or past its quota. */
  boolean over(String peer) {
    return limit > 0 && unhandled(peer) >= limit;
  }

  /** True while {@code peer}, once stopped, must still wait: at or above half its quota. */
  private boolean holds(String peer) {
    return limit > 0 && unhandled(peer) > limit / 2;
  }

  /**
   * Runs {@code resume} once {@code peer} is down to half its quota (at once if it already is). It
   * runs on whichever thread handled the message that made room: keep it short.
   */
  void whenUnder(String peer, Runnable resume) {
    waiting.compute(
        peer,
        (k, list) -> {
          List<Runnable> l = list == null ? new ArrayList<>() : list;
          l.add(resume);
          return l;
        });
    if (!holds(peer)) {
      List<Runnable> now = waiting.remove(peer);
      if (now != null) {
        now.forEach(Runnable::run);
      }
    }
  }

  private AtomicInteger count(String peer) {
    return unhandled.computeIfAbsent(peer, p -> new AtomicInteger());
  }
}

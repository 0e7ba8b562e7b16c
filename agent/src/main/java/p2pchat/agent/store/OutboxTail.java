package p2pchat.agent.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import p2pchat.agent.Message;

/**
 * The newest committed outgoing messages to each receiver, kept in memory so that the outbox can
 * stream them and report them delivered without reading back what it has just written — for a
 * receiver that keeps up, the messages never leave memory between the insert and the
 * acknowledgement. The database stays the truth: whatever the tail cannot answer for certain
 * (messages from before this store opened, older than the tail's bound, or with a time-to-live,
 * which the expiry sweep may change behind its back) is read from the database as before.
 *
 * <p>Per receiver the tail holds the messages with seqs {@code first..last} without a gap, and
 * {@code last} is the highest seq committed to that receiver since the store opened: every enqueue
 * passes through the single writer, which adds each message after its commit. Thread-safe: the
 * writer adds and drops, readers take.
 */
final class OutboxTail {
  /**
   * Per receiver, and for all together: enough for a sender that runs well ahead of the window in
   * flight, a few MB at most (a receiver's oldest are dropped first; the database has them).
   */
  static final int MAX_PER_RECEIVER = 16_384;

  static final int MAX_TOTAL = 65_536;

  private final Map<String, Tail> tails = new HashMap<>();
  private int total;

  /**
   * Whether some outgoing message with a time-to-live may still wait: set when one is written (or
   * found at open), never cleared. Until then the once-a-second expiry sweep has nothing to do and
   * leaves the database alone — with five thousand agents each with a message on its way, the
   * sweeps were a write a second per agent.
   */
  private volatile boolean expiring;

  void mayExpire() {
    expiring = true;
  }

  boolean anyMayExpire() {
    return expiring;
  }

  /** After the commit, in seq order: the writer's newly committed messages. */
  synchronized void committed(List<Message> messages) {
    for (Message m : messages) {
      Tail t = tails.computeIfAbsent(m.to(), k -> new Tail());
      if (m.expiresAt() != null || (t.last > 0 && m.seq() != t.last + 1)) {
        total -= t.entries.size();
        t.restartAfter(
            m.seq()); // a time-to-live (or, defensively, a gap): only later seqs can be served
        if (m.expiresAt() != null) {
          continue;
        }
      }
      if (t.entries.isEmpty()) {
        t.first = m.seq();
      }
      t.entries.addLast(m);
      t.last = m.seq();
      total++;
      if (t.entries.size() > MAX_PER_RECEIVER || total > MAX_TOTAL) {
        t.entries.pollFirst();
        t.first++;
        total--;
      }
    }
  }

  /**
   * Pending messages after {@code afterSeq}, as the database would list them, or null if the tail
   * cannot tell for certain (the caller reads the database).
   */
  synchronized List<Message> pending(String receiver, long afterSeq, int limit) {
    Tail t = tails.get(receiver);
    if (t == null || t.last == 0) {
      return null;
    }
    if (afterSeq >= t.last) {
      return List.of(); // nothing was committed after it
    }
    if (t.entries.isEmpty() || afterSeq + 1 < t.first) {
      return null;
    }
    List<Message> out = new ArrayList<>(Math.min(limit, t.entries.size()));
    long skip = afterSeq + 1 - t.first;
    Iterator<Message> it = t.entries.iterator();
    for (long i = 0; i < skip; i++) {
      it.next();
    }
    while (it.hasNext() && out.size() < limit) {
      Message m = it.next();
      out.add(m.seq() <= t.sentUpto ? m.withStatus(Message.Status.SENT) : m);
    }
    return out;
  }

  synchronized void sent(String receiver, long uptoSeq) {
    Tail t = tails.get(receiver);
    if (t != null) {
      t.sentUpto = Math.max(t.sentUpto, uptoSeq);
    }
  }

  /**
   * The messages with seq in ({@code afterSeq}, {@code uptoSeq}] marked DELIVERED, or null if the
   * tail does not hold all of them. Either way it forgets everything up to {@code uptoSeq}. Call
   * only inside the write that moves the delivered watermark from afterSeq to uptoSeq.
   */
  synchronized List<Message> delivered(String receiver, long afterSeq, long uptoSeq) {
    Tail t = tails.get(receiver);
    if (t == null) {
      return null;
    }
    t.sentUpto = Math.max(t.sentUpto, uptoSeq);
    boolean complete = !t.entries.isEmpty() && t.first <= afterSeq + 1 && uptoSeq <= t.last;
    List<Message> out = complete ? new ArrayList<>((int) (uptoSeq - afterSeq)) : null;
    while (!t.entries.isEmpty() && t.first <= uptoSeq) {
      Message m = t.entries.pollFirst();
      t.first++;
      total--;
      if (complete && m.seq() > afterSeq) {
        out.add(m.withStatus(Message.Status.DELIVERED));
      }
    }
    return out;
  }

  /** After a failed group: what the tail holds may disagree with the database now. */
  synchronized void forget() {
    tails.clear();
    total = 0;
  }

  /**
   * One receiver's messages {@code first..last}; {@code first > last} when it holds none. Guarded
   * by the tail's lock.
   */
  private static final class Tail {
    final ArrayDeque<Message> entries = new ArrayDeque<>();
    long first = 1;
    long last;
    long sentUpto;

    void restartAfter(long seq) {
      entries.clear();
      first = seq + 1;
      last = seq;
    }
  }
}

package p2pchat.agent.transport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import p2pchat.agent.Message;
import p2pchat.agent.common.Causes;
import p2pchat.agent.wire.Frame;
import p2pchat.agent.wire.ProtocolException;

/**
 * One inbound connection's batches: MSG frames gathered into batches for the {@link Inbox}, the
 * batches handed over and awaiting their commit, and the cumulative ACK their committed prefix
 * allows. Messages are built with from = the authenticated name, never a name inside a frame.
 * Confined to the connection's event loop; not thread-safe.
 */
final class InboundBatches {
  static final int BATCH_MAX_MESSAGES = 512;
  static final int BATCH_MAX_CHARS = 1 << 20;

  private record Batch(long lastSeq, CompletableFuture<?> committed) {}

  /** What the commits completed so far allow: an ACK up to {@code ack} (-1: none), or a failure. */
  record Committed(long ack, String failure) {}

  private final String self;
  private List<Message> batch = new ArrayList<>();
  private int batchChars;
  private long lastSeq;
  private long lastDispatchedSeq; // last seq of the previous batch handed over, 0 before the first
  private final ArrayDeque<Batch> outstanding = new ArrayDeque<>();

  InboundBatches(String self) {
    this.self = self;
  }

  /** Adds one MSG from {@code peer}; returns whether the batch is full and should go now. */
  boolean add(String peer, Frame.Msg m) {
    if (m.seq() <= lastSeq) {
      throw new ProtocolException(
          "MSG seq " + m.seq() + " after seq " + lastSeq + " on one connection");
    }
    lastSeq = m.seq();
    batch.add(
        new Message(
            m.id(),
            peer,
            self,
            Message.Direction.IN,
            m.seq(),
            m.text(),
            m.data(),
            Message.Status.RECEIVED,
            m.sentAt(),
            System.currentTimeMillis(),
            m.offline(),
            m.expiresAt(),
            m.room()));
    batchChars += m.text().length() + (m.data() == null ? 0 : m.data().length()) + m.id().length();
    return batch.size() >= BATCH_MAX_MESSAGES || batchChars >= BATCH_MAX_CHARS;
  }

  /**
   * Hands the gathered batch to {@code inbox}, to be stored only after the one before it; returns
   * its commit, or null when nothing was gathered.
   */
  CompletableFuture<?> dispatch(Inbox inbox, String peer) {
    if (batch.isEmpty()) {
      return null;
    }
    List<Message> full = batch;
    batch = new ArrayList<>();
    batchChars = 0;
    long after = lastDispatchedSeq;
    lastDispatchedSeq = full.get(full.size() - 1).seq();
    CompletableFuture<?> committed;
    try {
      committed = inbox.receive(peer, full, after);
    } catch (RuntimeException e) {
      committed = CompletableFuture.failedFuture(e);
    }
    outstanding.addLast(new Batch(lastDispatchedSeq, committed));
    return committed;
  }

  /** Takes the longest committed prefix of the outstanding batches, in order. */
  Committed takeCommitted() {
    long ack = -1;
    while (!outstanding.isEmpty() && outstanding.peekFirst().committed().isDone()) {
      Batch done = outstanding.pollFirst();
      if (done.committed().isCompletedExceptionally()) {
        outstanding.clear();
        return new Committed(ack, done.committed().handle((r, e) -> Causes.describe(e)).join());
      }
      ack = done.lastSeq();
    }
    return new Committed(ack, null);
  }

  int outstanding() {
    return outstanding.size();
  }

  /** Nothing gathered and nothing awaiting its commit. */
  boolean idle() {
    return outstanding.isEmpty() && batch.isEmpty();
  }

  String describe() {
    return "lastSeq=" + lastSeq + " batch=" + batch.size() + " outstanding=" + outstanding.size();
  }
}

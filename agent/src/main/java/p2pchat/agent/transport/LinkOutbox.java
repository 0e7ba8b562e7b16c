package p2pchat.agent.transport;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import p2pchat.agent.Message;
import p2pchat.agent.common.Causes;

/**
 * One link's calls into the {@link Outbox}: run off the event loop, one at a time and in order
 * through a {@link SerialQueue} (so a {@code sent} always precedes the {@code acked} covering it),
 * each answer handed back through {@code onLoop}. ACK reports are coalesced. Thread-safe.
 */
final class LinkOutbox {
  private final String peer;
  private final Context ctx;
  private final Consumer<Runnable> onLoop;
  private final SerialQueue queue;
  private final AtomicLong ackTarget = new AtomicLong();
  private final AtomicBoolean ackQueued = new AtomicBoolean();
  private volatile long ackReported; // written by queued tasks only, which run one at a time

  LinkOutbox(String peer, Context ctx, Consumer<Runnable> onLoop) {
    this.peer = peer;
    this.ctx = ctx;
    this.onLoop = onLoop;
    this.queue = new SerialQueue(ctx);
  }

  /**
   * Hands {@code then} true or false on the loop, or null if the outbox failed (already logged).
   */
  void anyPending(long afterSeq, Consumer<Boolean> then) {
    queue.submit(
        () -> {
          List<Message> rows = read(afterSeq, 1);
          onLoop.accept(() -> then.accept(rows == null ? null : !rows.isEmpty()));
        });
  }

  /**
   * Hands {@code then} up to {@code limit} pending rows after {@code afterSeq} on the loop, or null
   * if the outbox failed. Call on the loop: rows the outbox has at hand are handed over at once, on
   * this thread; others are read on the outbox's executor.
   */
  void fetch(long afterSeq, int limit, Consumer<List<Message>> then) {
    List<Message> atHand = atHand(afterSeq, limit);
    if (atHand != null) {
      then.accept(atHand);
      return;
    }
    queue.submit(
        () -> {
          List<Message> rows = read(afterSeq, limit);
          onLoop.accept(() -> then.accept(rows));
        });
  }

  void sent(long fromSeq, long toSeq) {
    queue.submit(() -> ctx.outbox().sent(peer, fromSeq, toSeq));
  }

  /** Many ACKs arriving while the store is busy become one {@code acked} call. */
  void acked(long uptoSeq) {
    ackTarget.accumulateAndGet(uptoSeq, Math::max);
    if (ackQueued.compareAndSet(false, true)) {
      queue.submit(
          () -> {
            ackQueued.set(false);
            long upto = ackTarget.get();
            if (upto > ackReported) {
              ackReported = upto;
              ctx.outbox().acked(peer, upto);
            }
          });
    }
  }

  /** Completes once every call submitted so far has run. */
  CompletableFuture<Void> drained() {
    return queue.drained();
  }

  private List<Message> atHand(long afterSeq, int limit) {
    try {
      return ctx.outbox().pendingIfAtHand(peer, afterSeq, limit);
    } catch (RuntimeException e) {
      return null; // the executor's read reports it
    }
  }

  private List<Message> read(long afterSeq, int limit) {
    try {
      return ctx.outbox().pending(peer, afterSeq, limit);
    } catch (RuntimeException e) {
      ctx.log().warn("could not read the outbox for {}: {}", peer, Causes.describe(e));
      return null;
    }
  }
}

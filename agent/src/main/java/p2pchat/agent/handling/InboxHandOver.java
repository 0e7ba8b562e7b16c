package p2pchat.agent.handling;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import p2pchat.agent.Message;
import p2pchat.agent.store.Store;

/**
 * Hands received messages to the dispatcher in storage order: in memory as the store's writer
 * stores them, so that a handler runs without reading back what was just written, or from the
 * database when memory no longer holds every message since the last read (at start, past {@value
 * #ARRIVED_MAX} waiting, after a failed round). {@link #stored} is called by the store's writer
 * thread; everything else is confined to the dispatcher's drains (one at a time).
 */
final class InboxHandOver {
  private static final int ARRIVED_MAX = 4096;

  private final Store store;
  private final int batch;
  // Set when messages were stored (and at start): only then is the inbox worth a read. Events
  // and timers wake the dispatcher too, and a thousand agents reading an empty inbox for every
  // presence change add up.
  private final AtomicBoolean changed = new AtomicBoolean(true);
  private final ConcurrentLinkedQueue<Message> arrived = new ConcurrentLinkedQueue<>();
  private final AtomicInteger arrivedCount = new AtomicInteger();
  private volatile boolean overflow;
  // Confined to the drains: whether the inbox is read from the database, and the ids
  // of the last database read, which the memory queue may repeat at its head.
  private boolean fromDatabase = true;
  private Set<String> lastRead = Set.of();

  InboxHandOver(Store store, int batch) {
    this.store = store;
    this.batch = batch;
  }

  /**
   * New messages were stored (called by the store's writer, after the commit, in storage order).
   */
  void stored(List<Message> stored) {
    if (!overflow) {
      if (arrivedCount.addAndGet(stored.size()) > ARRIVED_MAX) {
        arrivedCount.addAndGet(-stored.size());
        overflow = true;
      } else {
        arrived.addAll(stored);
      }
    }
    changed.set(true);
  }

  /**
   * The next messages to handle, in storage order, at most one batch; empty when nothing was stored
   * since the last call that took everything.
   */
  List<Message> next() {
    if (!changed.getAndSet(false)) {
      return List.of();
    }
    if (overflow) {
      fromDatabase = true;
    }
    return fromDatabase ? readDatabase() : takeArrived();
  }

  /** A round failed to commit: its messages are still waiting, so read them from the database. */
  void reread() {
    changed.set(true);
    fromDatabase = true;
  }

  private List<Message> readDatabase() {
    // Whatever memory holds now is in the database too (added after its commit); whatever
    // arrives from here on may be as well, so the read's ids are kept to skip it once.
    overflow = false;
    while (arrived.poll() != null) {
      arrivedCount.decrementAndGet();
    }
    List<Message> read = store.unhandled(batch);
    if (read.size() == batch) {
      changed.set(true); // more are waiting: stay with the database
    } else {
      fromDatabase = false;
      lastRead = new HashSet<>();
      read.forEach(m -> lastRead.add(m.id()));
    }
    return read;
  }

  private List<Message> takeArrived() {
    List<Message> taken = new ArrayList<>();
    for (Message m; taken.size() < batch && (m = arrived.poll()) != null; ) {
      arrivedCount.decrementAndGet();
      if (!lastRead.isEmpty()) {
        if (lastRead.contains(m.id())) {
          continue; // handed over by the database read already
        }
        lastRead = Set.of(); // repeats come only before anything new
      }
      taken.add(m);
    }
    if (!arrived.isEmpty()) {
      changed.set(true);
    }
    return taken;
  }
}

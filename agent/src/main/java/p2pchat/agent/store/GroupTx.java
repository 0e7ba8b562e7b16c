package p2pchat.agent.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import p2pchat.agent.Job;
import p2pchat.agent.Message;

/**
 * The writer's side of one group commit, and the {@link Tx} that units see. Message inserts,
 * handled marks and state changes are buffered and written as a few prepared batches when the
 * group commits; statements that cannot wait run at once inside a savepoint opened on first use,
 * so a unit that throws is undone alone: its buffered rows dropped, its savepoint rolled back,
 * the seq and job-id counters it moved put back. Also owns those counters (loaded lazily from the
 * database, forgotten when a group fails). Not thread-safe: used only on the writer thread.
 */
final class GroupTx implements Tx {
  private static final String SAVEPOINT = "unit";

  private final String self;
  private final Handle handle;
  private final MessageDao messages;
  private final KvDao kv;
  private final JobDao jobs;
  private final PeerDao peers;
  private final LongSupplier clock;
  private final MessageIds ids = new MessageIds();

  // Counters, valid while the database holds what they were loaded from.
  private final Map<String, Long> lastSeqOut = new HashMap<>();
  private final Map<String, Long> lastSeqIn = new HashMap<>();
  private long lastJobId = -1;

  // What the group's successful units wrote, not yet in the database.
  private final List<MessageRow> outgoing = new ArrayList<>();
  private final List<String> handled = new ArrayList<>();
  private final Map<String, String> stateChanges = new LinkedHashMap<>();

  // The unit running now.
  private boolean inUnit;
  private boolean savepointOpen;
  private int outgoingMark;
  private int handledMark;
  private Map<String, String> unitState;
  private final Map<String, Long> undoSeqOut = new HashMap<>();
  private final Map<String, Long> undoSeqIn = new HashMap<>();
  private long undoJobId;
  private boolean jobIdMoved;
  private Thread owner;

  GroupTx(String self, Handle handle, LongSupplier clock) {
    this.self = self;
    this.handle = handle;
    this.messages = handle.attach(MessageDao.class);
    this.kv = handle.attach(KvDao.class);
    this.jobs = handle.attach(JobDao.class);
    this.peers = handle.attach(PeerDao.class);
    this.clock = clock;
  }

  // ---- group

  void begin() {
    owner = Thread.currentThread();
    handle.begin();
  }

  void commit() {
    flush();
    handle.commit();
  }

  /** After any failure of the group: nothing of it is in the database, so forget what we cached. */
  void rollback() {
    try {
      if (handle.isInTransaction()) {
        handle.rollback();
      }
    } finally {
      outgoing.clear();
      handled.clear();
      stateChanges.clear();
      lastSeqOut.clear();
      lastSeqIn.clear();
      lastJobId = -1;
      inUnit = false;
      savepointOpen = false;
    }
  }

  // ---- unit

  void startUnit() {
    inUnit = true;
    savepointOpen = false;
    outgoingMark = outgoing.size();
    handledMark = handled.size();
    unitState = null;
    undoSeqOut.clear();
    undoSeqIn.clear();
    jobIdMoved = false;
  }

  void endUnit() {
    if (unitState != null) {
      stateChanges.putAll(unitState);
    }
    if (savepointOpen) {
      fatal(() -> handle.releaseSavepoint(SAVEPOINT));
    }
    outgoingMark = outgoing.size();
    handledMark = handled.size();
    inUnit = false;
  }

  void failUnit() {
    inUnit = false;
    outgoing.subList(outgoingMark, outgoing.size()).clear();
    handled.subList(handledMark, handled.size()).clear();
    undoSeqOut.forEach((peer, old) -> restore(lastSeqOut, peer, old));
    undoSeqIn.forEach((peer, old) -> restore(lastSeqIn, peer, old));
    if (jobIdMoved) {
      lastJobId = undoJobId;
    }
    if (savepointOpen) {
      fatal(() -> {
        handle.rollbackToSavepoint(SAVEPOINT);
        // JDBI forgets the savepoint on rollback (its releaseSavepoint would throw), but SQLite
        // keeps it open after ROLLBACK TO: release it in SQL so the group carries on.
        handle.execute("RELEASE SAVEPOINT " + SAVEPOINT);
      });
      savepointOpen = false;
    }
  }

  private static void restore(Map<String, Long> map, String key, Long old) {
    if (old == null) {
      map.remove(key);
    } else {
      map.put(key, old);
    }
  }

  // ---- Tx, for units

  @Override
  public Message enqueue(Outgoing m) {
    checkActive();
    long seq = lastSeq(lastSeqOut, undoSeqOut, "out", m.to()) + 1;
    lastSeqOut.put(m.to(), seq);
    long now = clock.getAsLong();
    MessageRow row = new MessageRow(ids.next(now), m.to(), "out", seq, m.text(), m.dataJson(), "queued", now, null,
        m.offline(), m.expiresAt());
    outgoing.add(row);
    return row.toMessage(self);
  }

  @Override
  public void markHandled(String messageId) {
    checkActive();
    handled.add(Objects.requireNonNull(messageId, "messageId"));
  }

  @Override
  public void putState(String key, String jsonOrNullToRemove) {
    checkActive();
    Objects.requireNonNull(key, "key");
    if (unitState == null) {
      unitState = new LinkedHashMap<>();
    }
    unitState.put(key, jsonOrNullToRemove);
  }

  @Override
  public long addJob(long dueAt, Long periodMillis, byte[] payload, String description) {
    checkActive();
    Objects.requireNonNull(payload, "payload");
    if (periodMillis != null && periodMillis <= 0) {
      throw new IllegalArgumentException("periodMillis must be positive: " + periodMillis);
    }
    openSavepoint();
    if (lastJobId < 0) {
      lastJobId = jobs.maxId().orElse(0L);
    }
    if (!jobIdMoved) {
      undoJobId = lastJobId;
      jobIdMoved = true;
    }
    long id = ++lastJobId;
    jobs.insert(new Job(id, dueAt, periodMillis, payload, description == null ? "" : description));
    return id;
  }

  @Override
  public void addJob(long id, long dueAt, Long periodMillis, byte[] payload, String description) {
    checkActive();
    Objects.requireNonNull(payload, "payload");
    if (periodMillis != null && periodMillis <= 0) {
      throw new IllegalArgumentException("periodMillis must be positive: " + periodMillis);
    }
    openSavepoint();
    if (lastJobId < 0) {
      lastJobId = jobs.maxId().orElse(0L);
    }
    if (id > lastJobId) {
      if (!jobIdMoved) {
        undoJobId = lastJobId;
        jobIdMoved = true;
      }
      lastJobId = id;
    }
    jobs.insert(new Job(id, dueAt, periodMillis, payload, description == null ? "" : description));
  }

  @Override
  public void deleteJob(long id) {
    checkActive();
    openSavepoint();
    jobs.delete(id);
  }

  @Override
  public void rescheduleJob(long id, long dueAt) {
    checkActive();
    openSavepoint();
    jobs.reschedule(id, dueAt);
  }

  // ---- the store's own operations, each run as a unit

  List<Message> receive(String from, List<Message> incoming, long afterSeq) {
    touchMessages();
    long max = lastSeq(lastSeqIn, undoSeqIn, "in", from);
    if (max < afterSeq) {
      throw new StoreException("messages from " + from + " after seq " + afterSeq + " arrived, but only up to seq "
          + max + " is stored (an earlier batch failed); refusing them so that " + from + " sends from the gap");
    }
    long now = clock.getAsLong();
    List<MessageRow> fresh = new ArrayList<>(incoming.size());
    for (Message m : incoming) {
      if (m.seq() > max) {
        fresh.add(new MessageRow(m.id(), from, "in", m.seq(), m.text(), m.data(), "received", m.sentAt(), now,
            m.offline(), m.expiresAt()));
        max = m.seq();
      }
    }
    if (fresh.isEmpty()) {
      return List.of();
    }
    int[] counts = messages.insertAllIgnoringDuplicates(fresh);
    List<Message> stored = new ArrayList<>(fresh.size());
    long newMax = lastSeqIn.get(from);
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        MessageRow row = fresh.get(i);
        stored.add(row.toMessage(self));
        newMax = Math.max(newMax, row.seq());
      }
    }
    lastSeqIn.put(from, newMax);
    return stored;
  }

  List<Message> markDelivered(String peer, long uptoSeq) {
    touchMessages();
    List<MessageRow> rows = messages.pendingOutUpTo(peer, uptoSeq);
    if (rows.isEmpty()) {
      return List.of();
    }
    messages.markPendingUpTo(peer, uptoSeq, "delivered");
    return withStatus(rows, Message.Status.DELIVERED);
  }

  void markSent(String peer, long fromSeq, long toSeq) {
    touchMessages();
    messages.markSent(peer, fromSeq, toSeq);
  }

  List<Message> expireDue(long nowMillis) {
    touchMessages();
    List<MessageRow> rows = messages.due(nowMillis);
    if (rows.isEmpty()) {
      return List.of();
    }
    messages.markDueExpired(nowMillis);
    return withStatus(rows, Message.Status.EXPIRED);
  }

  void savePeer(KnownPeer peer) {
    openSavepoint();
    peers.save(peer);
  }

  private List<Message> withStatus(List<MessageRow> rows, Message.Status status) {
    List<Message> out = new ArrayList<>(rows.size());
    for (MessageRow row : rows) {
      out.add(row.toMessage(self).withStatus(status));
    }
    return out;
  }

  // ---- plumbing

  private long lastSeq(Map<String, Long> cache, Map<String, Long> undo, String direction, String peer) {
    Long last = cache.get(peer);
    if (!undo.containsKey(peer)) {
      undo.put(peer, last);
    }
    if (last == null) {
      last = messages.maxSeq(direction, peer).orElse(0L);
      cache.put(peer, last);
    }
    return last;
  }

  /** Before a statement that reads or updates messages: earlier units' rows must be in the table. */
  private void touchMessages() {
    flush();
    openSavepoint();
  }

  private void openSavepoint() {
    if (!savepointOpen) {
      fatal(() -> handle.savepoint(SAVEPOINT));
      savepointOpen = true;
    }
  }

  /** Writes the buffers of the group's finished units; a failure here fails the whole group. */
  private void flush() {
    if (inUnit && (outgoing.size() > outgoingMark || handled.size() > handledMark)) {
      throw new IllegalStateException("flush with the running unit's rows still buffered");
    }
    fatal(() -> {
      if (!handled.isEmpty()) {
        messages.markHandledAll(handled);
      }
      if (!stateChanges.isEmpty()) {
        List<KvDao.Entry> puts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        stateChanges.forEach((k, v) -> {
          if (v == null) {
            deletes.add(k);
          } else {
            puts.add(new KvDao.Entry(k, v));
          }
        });
        if (!puts.isEmpty()) {
          kv.putAll(puts);
        }
        if (!deletes.isEmpty()) {
          kv.deleteAll(deletes);
        }
      }
      if (!outgoing.isEmpty()) {
        messages.insertAll(outgoing);
      }
    });
    outgoing.clear();
    handled.clear();
    stateChanges.clear();
    outgoingMark = 0;
    handledMark = 0;
  }

  private void checkActive() {
    if (!inUnit || Thread.currentThread() != owner) {
      throw new IllegalStateException("a Tx is valid only inside its transaction unit, on the store's writer thread");
    }
  }

  private static void fatal(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      throw new GroupFailure(e);
    }
  }

  /** A failure that leaves the group's transaction unusable: the whole group is rolled back. */
  static final class GroupFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GroupFailure(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }
}

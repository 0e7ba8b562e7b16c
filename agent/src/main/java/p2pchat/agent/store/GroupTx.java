package p2pchat.agent.store;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import p2pchat.agent.Job;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomNames;

/**
 * The writer's side of one group commit, and the {@link Tx} that units see. Message inserts,
 * handled marks and state changes are buffered ({@link UnitBuffers}) and written as a few prepared
 * batches when the group commits; statements that cannot wait run at once inside the unit's {@link
 * UnitSavepoint}, so a unit that throws is undone alone: its buffered rows dropped, its savepoint
 * rolled back, the {@link Counters} it moved put back. What the group did is told after its commit
 * ({@link GroupNews}). Not thread-safe: used only on the writer thread.
 */
final class GroupTx implements Tx {
  private final String self;
  private final Handle handle;
  private final MessageDao messages;
  private final OutboxDao outbox;
  private final HotStatements hot;
  private final HandleDaos rare; // the rarely used DAOs: attaching costs startup time
  private final LongSupplier clock;
  private final MessageIds ids = new MessageIds();

  private final Counters counters;
  private final MessageOps messageOps;
  private RoomOps roomOps;
  private RoomShare roomShare = new RoomShare();
  private final UnitBuffers buffers;
  private final GroupNews news;
  private final UnitSavepoint savepoint;

  private boolean growthLimited;

  // The unit running now.
  private boolean inUnit;
  private Thread owner;

  GroupTx(
      String self,
      Handle handle,
      OutboxTail tail,
      Set<String> pendingReceivers,
      LongSupplier clock) {
    this.self = self;
    this.handle = handle;
    this.rare = new HandleDaos(handle);
    this.messages = LazyDao.of(handle, MessageDao.class);
    this.outbox = LazyDao.of(handle, OutboxDao.class);
    this.hot = new HotStatements(handle, tail);
    this.news = new GroupNews(self, tail, pendingReceivers);
    this.savepoint = new UnitSavepoint(handle);
    this.clock = clock;
    this.counters = new Counters(messages, outbox);
    this.buffers =
        new UnitBuffers(hot, outbox, rare::kv, new RoomSeals(self, () -> roomShare.keys()));
    this.messageOps =
        new MessageOps(self, this, messages, hot, outbox, tail, counters, clock, this::rooms);
  }

  // ---- group

  void begin() {
    owner = Thread.currentThread();
    handle.begin();
  }

  void commit() {
    flush();
    handle.commit();
    news.committed(counters, roomOps, roomShare);
  }

  /**
   * Between groups: closes the database connection until the next group needs it (not while a
   * growth limit, a setting of that connection, is in force). True if it is closed now.
   */
  boolean park() {
    if (growthLimited || !(handle.getConnection() instanceof ParkedConnection.Parkable p)) {
      return false;
    }
    hot.forget();
    try {
      p.park();
    } catch (java.sql.SQLException e) {
      throw new StoreException("cannot close " + self + "'s idle database: " + e.getMessage(), e);
    }
    return p.parked();
  }

  /** After any failure of the group: nothing of it is in the database, so forget what we cached. */
  void rollback() {
    try {
      if (handle.isInTransaction()) {
        handle.rollback();
      }
    } finally {
      news.forget();
      if (roomOps != null) {
        roomOps.forget();
        roomShare.forget();
      }
      buffers.clear();
      counters.forget();
      inUnit = false;
      savepoint.reset();
    }
  }

  // ---- unit

  void startUnit() {
    if (roomOps != null) {
      roomOps.startUnit();
    }
    inUnit = true;
    savepoint.reset();
    buffers.startUnit();
    counters.startUnit();
  }

  void endUnit() {
    buffers.endUnit();
    savepoint.release();
    inUnit = false;
  }

  void failUnit() {
    inUnit = false;
    if (roomOps != null) {
      roomOps.failUnit(); // the savepoint undoes its rows, this what it remembered
    }
    buffers.failUnit();
    counters.undoUnit();
    savepoint.rollBack();
  }

  // ---- Tx, for units

  @Override
  public Message enqueue(Outgoing m) {
    checkActive();
    if (RoomNames.isRoom(m.to())) {
      return rooms().send(m);
    }
    long seq = counters.nextOut(m.to());
    long now = clock.getAsLong();
    MessageDao.Row row =
        MessageDao.Row.queued(ids.next(now), m.to(), seq, m, now, null, null, null);
    buffers.addOutgoing(row);
    return row.toMessage(self);
  }

  @Override
  public void markHandled(String messageId) {
    checkActive();
    buffers.addHandled(Objects.requireNonNull(messageId, "messageId"));
  }

  @Override
  public void putState(String key, String jsonOrNullToRemove) {
    checkActive();
    Objects.requireNonNull(key, "key");
    buffers.putState(key, jsonOrNullToRemove);
  }

  @Override
  public void addJob(long id, long dueAt, Long periodMillis, byte[] payload, String description) {
    checkActive();
    Objects.requireNonNull(payload, "payload");
    if (periodMillis != null && periodMillis <= 0) {
      throw new IllegalArgumentException("periodMillis must be positive: " + periodMillis);
    }
    openSavepoint();
    rare.jobs()
        .insert(new Job(id, dueAt, periodMillis, payload, description == null ? "" : description));
  }

  @Override
  public void deleteJob(long id) {
    checkActive();
    openSavepoint();
    rare.jobs().delete(id);
  }

  @Override
  public void rescheduleJob(long id, long dueAt) {
    checkActive();
    openSavepoint();
    rare.jobs().reschedule(id, dueAt);
  }

  // ---- the store's own operations, each run as a unit

  MessageOps messageOps() {
    return messageOps;
  }

  void limitGrowth(boolean full) {
    growthLimited = full; // a PRAGMA of this connection: it must stay open meanwhile
    long pages =
        full ? handle.createQuery("PRAGMA page_count").mapTo(Long.class).one() : 1_073_741_823L;
    handle.createQuery("PRAGMA max_page_count = " + pages).mapTo(Long.class).one();
  }

  /** Attached on first use, like the rarely used DAOs. */
  RoomOps rooms() {
    if (roomOps == null) {
      roomOps =
          new RoomOps(
              new RoomWriting(
                  self,
                  this,
                  new RoomTables(rare.rooms(), self),
                  messages,
                  buffers,
                  counters,
                  ids,
                  clock,
                  roomShare::keys));
    }
    return roomOps;
  }

  @Override
  public Membership createRoom(String room, List<String> members) {
    checkActive();
    return rooms().create(room, members);
  }

  @Override
  public Membership invite(String room, String name) {
    checkActive();
    return rooms().invite(room, name);
  }

  @Override
  public Membership removeMember(String room, String name) {
    checkActive();
    return rooms().remove(room, name);
  }

  @Override
  public void leaveRoom(String room) {
    checkActive();
    rooms().leave(room);
  }

  @Override
  public void askForMissing() {
    checkActive();
    rooms().askForMissing();
  }

  void roomShare(RoomShare share) {
    this.roomShare = share;
  }

  /** A room row for {@code receiver} was queued: wake its link once this group commits. */
  void queuedForRoom(String receiver) {
    news.queuedForRoom(receiver);
  }

  /** The writer's message DAO (attached on its first call). */
  MessageDao messages() {
    return messages;
  }

  /** An acknowledgement from {@code receiver} moved its delivered watermark in this group. */
  void acknowledged(String receiver) {
    news.acknowledged(receiver);
  }

  void savePeer(RememberedPeer peer) {
    openSavepoint();
    rare.peers().save(peer);
  }

  // ---- plumbing

  /**
   * Before a statement that reads or updates messages: earlier units' rows must be in the table.
   */
  void touchMessages() {
    flush();
    openSavepoint();
  }

  /**
   * Before a unit's own statements (the room tables'): a failing unit rolls them back, while its
   * buffered rows stay buffered.
   */
  void beforeDirectWrites() {
    openSavepoint();
  }

  private void openSavepoint() {
    savepoint.open();
  }

  /** Writes the buffers of the group's finished units; a failure here fails the whole group. */
  private void flush() {
    if (inUnit && buffers.unitHasRows()) {
      throw new IllegalStateException("flush with the running unit's rows still buffered");
    }
    List<MessageDao.Row> written;
    try {
      written = buffers.flush();
    } catch (RuntimeException e) {
      throw new GroupFailure(e);
    }
    news.written(written);
  }

  private void checkActive() {
    if (!inUnit || Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "a Tx is valid only inside its transaction unit, on the store's writer thread");
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

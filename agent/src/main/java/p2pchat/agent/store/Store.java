package p2pchat.agent.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import p2pchat.agent.Durability;
import p2pchat.agent.Job;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomNames;

/**
 * One agent's SQLite database ({@code <dataDir>/agent.db}, WAL): its messages in both directions,
 * script state, timers and last known peers. Writes go through one {@link StoreWriter} that commits
 * what is queued in one transaction (group commit) on a pool the runtime's stores share; futures
 * complete there after the commit, so callbacks must be short and never block. Reads run on the
 * caller's thread over a small pool of read-only connections, beside the writer. Thread-safe.
 */
public final class Store implements AutoCloseable {
  static final String DB_FILE = "agent.db";
  static final int IDLE_READERS = 1; // kept open between reads; more open while reads overlap

  private final String self;
  private final Path dbFile;
  private final Readers readers;
  private final DataDirLock lock; // null when read-only
  private final StoreWriter writer; // null when read-only
  private final RoomShare roomShare;
  private final Handle writerHandle; // null when read-only
  private final AtomicBoolean closed = new AtomicBoolean();
  private final OutboxTail tail;
  private final Set<String> pendingReceivers;
  private final java.util.function.LongSupplier clock;

  Store(
      String self,
      Path dbFile,
      Readers readers,
      DataDirLock lock,
      Handle writerHandle,
      StoreWriter writer,
      OutboxTail tail,
      Set<String> pendingReceivers,
      RoomShare roomShare,
      java.util.function.LongSupplier clock) {
    this.clock = clock;
    this.roomShare = roomShare;
    this.self = self;
    this.dbFile = dbFile;
    this.readers = readers;
    this.lock = lock;
    this.writerHandle = writerHandle;
    this.writer = writer;
    this.tail = tail;
    this.pendingReceivers = pendingReceivers;
  }

  /**
   * Takes the data directory's lock, opens (or creates) the database, brings its schema up to date
   * and starts the writer. Throws {@link StoreException} with a one-line message.
   */
  public static Store open(Path dataDir, String self, Durability durability) {
    return open(dataDir, self, durability, new StoreJdbi(), System::currentTimeMillis, null);
  }

  /**
   * As above, sharing {@code jdbi} and the pool {@code writers} (null: a thread of its own) with
   * the process's other stores, dating rows by {@code clock} (epoch ms; a fault test skews it).
   */
  public static Store open(
      Path dataDir,
      String self,
      Durability durability,
      StoreJdbi jdbi,
      java.util.function.LongSupplier clock,
      java.util.concurrent.Executor writers) {
    return StoreOpener.open(dataDir, self, durability, jdbi, clock, writers);
  }

  /** Now (epoch ms), by the clock this store dates its rows with. */
  public long now() {
    return clock.getAsLong();
  }

  /**
   * A read-only view of an agent's database that works beside the running agent: no lock, no writer
   * thread, never writes. Write methods throw {@link StoreException}.
   */
  public static Store openReadOnly(Path dataDir, String self) {
    return StoreOpener.openReadOnly(dataDir, self);
  }

  public String self() {
    return self;
  }

  public Path databaseFile() {
    return dbFile;
  }

  /** Queues a message for sending: id, seq (next for that receiver) and status QUEUED assigned. */
  public CompletableFuture<Message> enqueue(Outgoing m) {
    Objects.requireNonNull(m, "m");
    return write(tx -> tx.enqueue(m));
  }

  /**
   * Runs {@code unit} on the writer thread within the next group commit; the future completes with
   * its result after the commit, or fails with what it threw (and nothing it did is kept). The unit
   * must not block, and must not wait for another write of this store.
   */
  public <T> CompletableFuture<T> transaction(Function<Tx, T> unit) {
    Objects.requireNonNull(unit, "unit");
    return write(unit::apply);
  }

  /**
   * Stores incoming messages from one sender, in the given order, as RECEIVED; skips any whose id
   * is already stored or whose seq is not above the highest stored from that sender. Completes,
   * after the commit, with the messages newly stored.
   */
  public CompletableFuture<List<Message>> receive(String from, List<Message> incoming) {
    return receive(from, incoming, 0);
  }

  /**
   * As {@link #receive(String, List)}, but only if everything from {@code from} up to seq {@code
   * afterSeq} is already stored; otherwise nothing is stored and the future fails. For a batch that
   * followed another on one connection: if that one failed, this one must not be stored past the
   * hole it left.
   */
  public CompletableFuture<List<Message>> receive(
      String from, List<Message> incoming, long afterSeq) {
    return receive(from, incoming, afterSeq, false);
  }

  /**
   * As above; with {@code handledOnArrival} the rows are stored as HANDLED at once — for an agent
   * with nothing to hand them to, which saves marking each one handled later.
   */
  public CompletableFuture<List<Message>> receive(
      String from, List<Message> incoming, long afterSeq, boolean handledOnArrival) {
    Objects.requireNonNull(from, "from");
    List<Message> copy = List.copyOf(incoming);
    CompletableFuture<List<Message>> refused = MessageOps.refuse(from, copy);
    return refused != null
        ? refused
        : write(tx -> tx.messageOps().receive(from, copy, afterSeq, handledOnArrival));
  }

  /**
   * Every QUEUED or SENT message to {@code peer} with seq up to {@code uptoSeq} becomes DELIVERED;
   * those are returned. One row update for the watermark plus reading the rows it covers.
   */
  public CompletableFuture<List<Message>> markDelivered(String peer, long uptoSeq) {
    Objects.requireNonNull(peer, "peer");
    return write(tx -> tx.messageOps().markDelivered(peer, uptoSeq));
  }

  /**
   * QUEUED messages to {@code peer} with seq up to {@code uptoSeq} become SENT. Messages leave in
   * seq order, so the store keeps only the highest seq sent. One cheap row update however many
   * messages it covers.
   */
  public CompletableFuture<Void> markSent(String peer, long uptoSeq) {
    Objects.requireNonNull(peer, "peer");
    return writeVoid(tx -> tx.messageOps().markSent(peer, uptoSeq));
  }

  /** QUEUED or SENT messages whose expiresAt is before {@code nowMillis} expire; returned. */
  public CompletableFuture<List<Message>> expireDue(long nowMillis) {
    if (!tail.anyMayExpire()) {
      return CompletableFuture.completedFuture(List.of()); // no write: nothing can expire
    }
    return write(tx -> tx.messageOps().expireDue(nowMillis));
  }

  /** Remembers a peer's key and address (insert or replace by name). */
  public CompletableFuture<Void> savePeer(RememberedPeer peer) {
    Objects.requireNonNull(peer, "peer");
    return writeVoid(tx -> tx.savePeer(peer));
  }

  /** Runs {@code body} in the next group commit; fails at once on a read-only store. */
  <T> CompletableFuture<T> write(Function<GroupTx, T> body) {
    if (writer == null) {
      throw new StoreException("the store of agent " + self + " is open read-only");
    }
    return writer.submit(body);
  }

  private CompletableFuture<Void> writeVoid(Consumer<GroupTx> body) {
    return write(
        tx -> {
          body.accept(tx);
          return null;
        });
  }

  /**
   * An empty write transaction: completes once the writer has taken the database's write lock and
   * committed, so it proves the store takes writes now (it stays pending while another process
   * holds the lock, and fails once the busy timeout has passed).
   */
  public CompletableFuture<Void> probeWrite() {
    return write(tx -> null);
  }

  /**
   * A fault for tests: with {@code full}, the database may not grow past the pages it has (SQLite's
   * {@code max_page_count}), as on a full disk — writes that need a page fail, the rest go on; with
   * {@code !full}, it may grow again.
   */
  public CompletableFuture<Void> limitGrowth(boolean full) {
    return writeVoid(tx -> tx.limitGrowth(full));
  }

  /** Closes the database's connections unused for {@code idle}; the next use opens them again. */
  public void closeIdle(java.time.Duration idle) {
    readers.closeIdle(idle.toNanos());
    if (writer != null) {
      writer.parkIfIdle(idle.toNanos());
    }
  }

  /** Group transactions committed since open: with group commit, far fewer than writes. */
  long groupsCommitted() {
    return writer == null ? 0 : writer.groupsCommitted();
  }

  // Reads see committed data only.
  /**
   * QUEUED or SENT messages to {@code peer} after {@code afterSeq}, by seq ({@link OutboxTail}).
   */
  public List<Message> pendingOut(String peer, long afterSeq, int limit) {
    checkOpen();
    List<Message> recent = tail.pending(peer, afterSeq, limit);
    return recent != null ? recent : messages(dao -> dao.pendingOut(peer, afterSeq, limit));
  }

  /**
   * Whether anything to {@code peer} may still wait for delivery, from memory: true for every
   * receiver with undelivered messages (maybe for one whose last ones expired). Cheap.
   */
  public boolean mayHavePendingOut(String peer) {
    return pendingReceivers.contains(peer);
  }

  /** The receivers {@link #mayHavePendingOut(String)} is true for (a live, read-only view). */
  public Set<String> receiversMaybePending() {
    return Collections.unmodifiableSet(pendingReceivers);
  }

  /** Whether anything at all may wait for delivery, from memory (as above, for any receiver). */
  public boolean mayHavePendingOut() {
    return !pendingReceivers.isEmpty();
  }

  /** What {@link #pendingOut} would return if memory holds it, else null; never does I/O. */
  public List<Message> pendingOutInMemory(String peer, long afterSeq, int limit) {
    return closed.get() ? null : tail.pending(peer, afterSeq, limit);
  }

  /** Whether {@link #expireDue} may find anything (for tests). */
  boolean mayHaveExpiring() {
    return tail.anyMayExpire();
  }

  public Set<String> peersWithPendingOut() {
    return Set.copyOf(readOr(List.of(), r -> r.messages().peersWithPendingOut()));
  }

  /** Per receiver with a backlog, how many messages wait for its acknowledgement. */
  public Map<String, Long> outboxDepths() {
    return Map.copyOf(read(r -> r.messages().outboxDepths()));
  }

  /** RECEIVED (not yet handled) messages in storage order, which is arrival order. */
  public List<Message> unhandled(int limit) {
    return messages(dao -> dao.unhandled(limit));
  }

  /** Per sender, how many of its messages are stored and not yet handled. */
  public Map<String, Integer> unhandledBySender() {
    return readOr(Map.of(), r -> r.messages().unhandledBySender());
  }

  /** Everything stored, or what was sent to and received from one peer, or in one room. */
  public List<Message> history(String peerOrRoomOrNull) {
    String with = peerOrRoomOrNull;
    return messages(
        dao ->
            with == null
                ? dao.all()
                : RoomNames.isRoom(with) ? dao.inRoom(with) : dao.withPeer(with));
  }

  /**
   * What rooms need (docs/rooms.md): the keys that sign this agent's room messages and check those
   * passed on, and whom to tell, on the writer thread after each commit, of the receivers of room
   * rows the store queued by itself (copies passed on, memberships): whose links to wake.
   */
  public void useRooms(RoomKeys keys, java.util.function.Consumer<Set<String>> queued) {
    roomShare.keys(keys);
    roomShare.whenQueued(queued);
  }

  /** The rooms this agent is in, by name, with the newest membership it has of each. */
  public List<Membership> rooms() {
    // the writer replaces what is kept after each commit changing a room
    return roomShare.joinedOr(
        () ->
            read(r -> r.rooms().rooms()).stream()
                .filter(RoomDao.RoomRow::joined)
                .map(RoomOps::membership)
                .toList());
  }

  /** The highest seq stored from {@code sender}, 0 if none. */
  public long lastReceivedSeq(String sender) {
    return read(r -> r.messages().maxSeq("in", sender)).orElse(0L);
  }

  /** Script state: key to JSON text. */
  public Map<String, String> state() {
    return Map.copyOf(read(r -> r.kv().all()));
  }

  /** Every persisted timer, by due time. */
  public List<Job> jobs() {
    return read(r -> r.jobs().all());
  }

  public Optional<Long> nextJobDue() {
    return read(r -> r.jobs().nextDue());
  }

  public List<RememberedPeer> knownPeers() {
    return readOr(List.of(), r -> r.peers().all());
  }

  private List<Message> messages(Function<MessageDao, List<MessageDao.Row>> query) {
    List<MessageDao.Row> rows = read(r -> query.apply(r.messages()));
    List<Message> out = new ArrayList<>(rows.size());
    for (MessageDao.Row row : rows) {
      out.add(row.toMessage(self));
    }
    return Collections.unmodifiableList(out);
  }

  private <R> R read(Function<Readers.Reader, R> query) {
    checkOpen();
    return readers.read(query);
  }

  private <R> R readOr(R ifEmpty, Function<Readers.Reader, R> query) {
    checkOpen();
    return readers.readOr(ifEmpty, query);
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new StoreException("the store of agent " + self + " is closed");
    }
  }

  /** Commits everything queued, stops the writer, closes the database and releases the lock. */
  @Override
  public void close() {
    shutdown(false);
  }

  /**
   * Crash simulation for tests: stops the writer without committing what is queued (those futures
   * fail), closes the database and releases the lock. Whatever a completed future promised stays.
   */
  public void abort() {
    shutdown(true);
  }

  private void shutdown(boolean abort) {
    if (writer != null && writer.isWriterThread()) {
      throw new IllegalStateException(
          "close the store of agent " + self + " from another thread than its writer");
    }
    if (closed.compareAndSet(false, true)) {
      StoreOpener.close(writer, abort, writerHandle, readers, lock);
    }
  }
}

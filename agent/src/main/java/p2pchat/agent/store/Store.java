package p2pchat.agent.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import p2pchat.agent.Durability;
import p2pchat.agent.Job;
import p2pchat.agent.Message;

/**
 * One agent's SQLite database ({@code <dataDir>/agent.db}, WAL): its messages in both directions,
 * script state, timers and last known peers. Writes go through one writer thread that commits
 * whatever is queued in one transaction (group commit); their futures complete on that thread
 * after the commit, so keep callbacks short or use the {@code *Async} variants. Reads run on the
 * caller's thread over a small pool of read-only connections, beside the writer.
 * Thread-safe.
 */
public final class Store implements AutoCloseable {
  static final String DB_FILE = "agent.db";

  private final String self;
  private final Path dbFile;
  private final SqliteConnections connections;
  private final Jdbi readers;
  private final DataDirLock lock; // null when read-only
  private final StoreWriter writer; // null when read-only
  private final Connection writerConnection; // null when read-only
  private final Handle writerHandle; // null when read-only
  private final AtomicBoolean closed = new AtomicBoolean();

  private Store(String self, Path dbFile, SqliteConnections connections, DataDirLock lock, Connection writerConnection,
      Handle writerHandle, StoreWriter writer) {
    this.self = self;
    this.dbFile = dbFile;
    this.connections = connections;
    this.readers = Jdbi.create(connections).installPlugin(new SqlObjectPlugin());
    this.lock = lock;
    this.writerConnection = writerConnection;
    this.writerHandle = writerHandle;
    this.writer = writer;
  }

  /**
   * Takes the data directory's lock, opens (or creates) the database, brings its schema up to
   * date and starts the writer. Throws {@link StoreException} with a one-line message.
   */
  public static Store open(Path dataDir, String self, Durability durability) {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(durability, "durability");
    DataDirLock lock = DataDirLock.acquire(dataDir);
    Path dbFile = dataDir.resolve(DB_FILE);
    Connection connection = null;
    try {
      if (Files.exists(dbFile) && !Files.isWritable(dbFile)) {
        throw new StoreException("cannot open database " + dbFile + ": it is not writable; check its permissions");
      }
      SqliteConnections connections = new SqliteConnections(dbFile);
      connection = connections.openWriter(durability);
      Handle handle = Jdbi.create(connection).installPlugin(new SqlObjectPlugin()).open();
      Migrations.apply(handle, dbFile.toString());
      StoreWriter writer = new StoreWriter(self, dbFile.toString(), new GroupTx(self, handle, System::currentTimeMillis));
      Store store = new Store(self, dbFile, connections, lock, connection, handle, writer);
      writer.start();
      return store;
    } catch (SQLException | JdbiException e) {
      closeQuietly(connection);
      lock.close();
      throw new StoreException("cannot open database " + dbFile + ": " + reason(e), e);
    } catch (RuntimeException | Error e) {
      closeQuietly(connection);
      lock.close();
      throw e;
    }
  }

  /**
   * A read-only view of an agent's database that works beside the running agent: no lock, no
   * writer thread, never writes. Write methods throw {@link StoreException}.
   */
  public static Store openReadOnly(Path dataDir, String self) {
    Objects.requireNonNull(self, "self");
    Path dbFile = dataDir.resolve(DB_FILE);
    if (!Files.isRegularFile(dbFile)) {
      throw new StoreException("no database at " + dbFile + "; has agent " + self + " run with this --data-dir?");
    }
    SqliteConnections connections = new SqliteConnections(dbFile);
    Store store = new Store(self, dbFile, connections, null, null, null, null);
    try {
      store.readers.useHandle(h -> Migrations.check(h, dbFile.toString()));
    } catch (JdbiException e) {
      connections.close();
      throw new StoreException("cannot read database " + dbFile + ": " + reason(e), e);
    } catch (RuntimeException e) {
      connections.close();
      throw e;
    }
    return store;
  }

  public String self() {
    return self;
  }

  public Path databaseFile() {
    return dbFile;
  }

  // ---- writes

  /** Queues a message for sending: id, seq (next for that receiver) and status QUEUED assigned. */
  public CompletableFuture<Message> enqueue(Outgoing m) {
    Objects.requireNonNull(m, "m");
    return write(tx -> tx.enqueue(m));
  }

  /**
   * Runs {@code unit} on the writer thread within the next group commit; the future completes
   * with its result after the commit, or fails with what it threw (and nothing it did is kept).
   * The unit must not block, and must not wait for another write of this store.
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
   * As {@link #receive(String, List)}, but only if everything from {@code from} up to seq
   * {@code afterSeq} is already stored; otherwise nothing is stored and the future fails. For a
   * batch that followed another on one connection: if that one failed, this one must not be
   * stored past the hole it left.
   */
  public CompletableFuture<List<Message>> receive(String from, List<Message> incoming, long afterSeq) {
    Objects.requireNonNull(from, "from");
    List<Message> copy = List.copyOf(incoming);
    if (copy.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return write(tx -> tx.receive(from, copy, afterSeq));
  }

  /** Every QUEUED or SENT message to {@code peer} with seq up to {@code uptoSeq} becomes DELIVERED; those are returned. */
  public CompletableFuture<List<Message>> markDelivered(String peer, long uptoSeq) {
    Objects.requireNonNull(peer, "peer");
    return write(tx -> tx.markDelivered(peer, uptoSeq));
  }

  /** QUEUED messages to {@code peer} with seq in [fromSeq, toSeq] become SENT. */
  public CompletableFuture<Void> markSent(String peer, long fromSeq, long toSeq) {
    Objects.requireNonNull(peer, "peer");
    return write(tx -> {
      tx.markSent(peer, fromSeq, toSeq);
      return null;
    });
  }

  /** Every QUEUED or SENT message whose expiresAt is before {@code nowMillis} becomes EXPIRED; those are returned. */
  public CompletableFuture<List<Message>> expireDue(long nowMillis) {
    return write(tx -> tx.expireDue(nowMillis));
  }

  /** Remembers a peer's key and address (insert or replace by name). */
  public CompletableFuture<Void> savePeer(KnownPeer peer) {
    Objects.requireNonNull(peer, "peer");
    return write(tx -> {
      tx.savePeer(peer);
      return null;
    });
  }

  private <T> CompletableFuture<T> write(Function<GroupTx, T> body) {
    if (writer == null) {
      throw new StoreException("the store of agent " + self + " is open read-only");
    }
    return writer.submit(body);
  }

  // ---- reads (committed data only)

  /** QUEUED or SENT messages to {@code peer} with seq above {@code afterSeq}, by seq. */
  public List<Message> pendingOut(String peer, long afterSeq, int limit) {
    return messages(dao -> dao.pendingOut(peer, afterSeq, limit));
  }

  public Set<String> peersWithPendingOut() {
    return Set.copyOf(read(MessageDao.class, MessageDao::peersWithPendingOut));
  }

  /** RECEIVED (not yet handled) messages in storage order, which is arrival order. */
  public List<Message> unhandled(int limit) {
    return messages(dao -> dao.unhandled(limit));
  }

  /** Every message (or those with one peer), in storage order. */
  public List<Message> history(String peerOrNull) {
    return messages(dao -> peerOrNull == null ? dao.all() : dao.withPeer(peerOrNull));
  }

  /** The highest seq stored from {@code sender}, 0 if none. */
  public long lastReceivedSeq(String sender) {
    return read(MessageDao.class, dao -> dao.maxSeq("in", sender)).orElse(0L);
  }

  /** Script state: key to JSON text. */
  public Map<String, String> state() {
    return Map.copyOf(read(KvDao.class, KvDao::all));
  }

  /** Every persisted timer, by due time. */
  public List<Job> jobs() {
    return read(JobDao.class, JobDao::all);
  }

  public Optional<Long> nextJobDue() {
    return read(JobDao.class, JobDao::nextDue);
  }

  public List<KnownPeer> knownPeers() {
    return read(PeerDao.class, PeerDao::all);
  }

  private List<Message> messages(Function<MessageDao, List<MessageRow>> query) {
    return read(MessageDao.class, query).stream().map(row -> row.toMessage(self)).toList();
  }

  private <D, R> R read(Class<D> dao, Function<D, R> query) {
    if (closed.get()) {
      throw new StoreException("the store of agent " + self + " is closed");
    }
    return readers.withExtension(dao, query::apply);
  }

  // ---- lifecycle

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
      throw new IllegalStateException("close the store of agent " + self + " from another thread than its writer");
    }
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (writer != null) {
        if (abort) {
          writer.abort();
        } else {
          writer.close();
        }
      }
    } finally {
      connections.close();
      if (writerHandle != null) {
        writerHandle.close();
      }
      closeQuietly(writerConnection);
      if (lock != null) {
        lock.close();
      }
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }

  private static String reason(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root.getMessage();
    return msg == null ? root.getClass().getSimpleName() : msg.lines().findFirst().orElse(msg);
  }
}

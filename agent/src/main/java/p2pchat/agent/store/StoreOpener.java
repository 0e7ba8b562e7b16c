package p2pchat.agent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import p2pchat.agent.Durability;
import p2pchat.agent.common.Causes;

/**
 * Opens a {@link Store} — lock, file, schema, writer — and releases what it took if a step fails,
 * or when the store closes. Stateless.
 */
final class StoreOpener {
  private StoreOpener() {}

  static Store open(
      Path dataDir,
      String self,
      Durability durability,
      StoreJdbi jdbi,
      java.util.function.LongSupplier clock,
      java.util.concurrent.Executor writers) {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(jdbi, "jdbi");
    Objects.requireNonNull(durability, "durability");
    DataDirLock lock = DataDirLock.acquire(dataDir);
    Path dbFile = dataDir.resolve(Store.DB_FILE);
    SqliteConnections connections = new SqliteConnections(dbFile);
    Handle handle = null;
    try {
      if (Files.exists(dbFile) && !Files.isWritable(dbFile)) {
        throw new StoreException(
            "cannot open database " + dbFile + ": it is not writable; check its permissions");
      }
      boolean created = connections.createIfMissing(dbFile, jdbi);
      handle = connections.openWriterHandle(jdbi, durability);
      if (!created) {
        Migrations.apply(handle, dbFile.toString());
      }
      OutboxTail tail = new OutboxTail();
      Set<String> pendingReceivers = ConcurrentHashMap.newKeySet();
      RoomShare rooms = new RoomShare();
      GroupTx group = new GroupTx(self, handle, tail, pendingReceivers, clock);
      group.roomShare(rooms);
      StoreWriter writer = new StoreWriter(self, dbFile.toString(), group, writers);
      Store store =
          new Store(
              self,
              dbFile,
              new Readers(
                  () -> connections.openReaderHandle(jdbi),
                  Store.IDLE_READERS,
                  () -> created && !writer.begun()),
              lock,
              handle,
              writer,
              tail,
              pendingReceivers,
              rooms,
              clock);
      // before the writer starts: it only adds and removes later
      pendingReceivers.addAll(store.peersWithPendingOut());
      if (!pendingReceivers.isEmpty() && group.messages().anyExpiring()) {
        tail.mayExpire();
      }
      writer.start();
      return store;
    } catch (SQLException | IOException | JdbiException e) {
      release(handle, null, lock);
      throw new StoreException("cannot open database " + dbFile + ": " + Causes.oneLine(e), e);
    } catch (RuntimeException | Error e) {
      release(handle, null, lock);
      throw e;
    }
  }

  static Store openReadOnly(Path dataDir, String self) {
    Objects.requireNonNull(self, "self");
    Path dbFile = dataDir.resolve(Store.DB_FILE);
    if (!Files.isRegularFile(dbFile)) {
      throw new StoreException(
          "no database at " + dbFile + "; has agent " + self + " run with this --data-dir?");
    }
    SqliteConnections connections = new SqliteConnections(dbFile);
    StoreJdbi jdbi = new StoreJdbi();
    Readers readers =
        new Readers(() -> connections.openReaderHandle(jdbi), Store.IDLE_READERS, () -> false);
    Store store =
        new Store(
            self,
            dbFile,
            readers,
            null,
            null,
            null,
            new OutboxTail(),
            ConcurrentHashMap.newKeySet(),
            new RoomShare(),
            System::currentTimeMillis);
    try {
      readers.read(
          r -> {
            Migrations.check(r.handle, dbFile.toString());
            return null;
          });
    } catch (JdbiException e) {
      readers.close();
      throw new StoreException("cannot read database " + dbFile + ": " + Causes.oneLine(e), e);
    } catch (RuntimeException e) {
      readers.close();
      throw e;
    }
    return store;
  }

  /**
   * Stops {@code writer} (null when read-only), committing what is queued unless {@code abort}
   * (then those futures fail), then releases the rest as {@link #release} does.
   */
  static void close(
      StoreWriter writer, boolean abort, Handle writerHandle, Readers readers, DataDirLock lock) {
    try {
      if (writer != null && abort) {
        writer.abort();
      } else if (writer != null) {
        writer.close();
      }
    } finally {
      release(writerHandle, readers, lock);
    }
  }

  static void release(Handle writerHandle, Readers readers, DataDirLock lock) {
    try {
      if (readers != null) {
        readers.close();
      }
      if (writerHandle != null) {
        writerHandle.close(); // closes the writer connection
      }
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }
}

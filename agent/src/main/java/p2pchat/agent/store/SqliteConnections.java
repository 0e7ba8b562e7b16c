package p2pchat.agent.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;
import p2pchat.agent.Durability;

/**
 * Opens the connections of one agent database with every setting in the driver's properties (they
 * are per connection in SQLite, so a one-off PRAGMA would miss the others): the single writer (WAL,
 * synchronous by durability, IMMEDIATE transactions, no generated-key fetching), and read-only
 * readers (pooled as handles by {@link Readers}). Handles come from a {@link StoreJdbi} that the
 * process's stores share. Thread-safe.
 */
final class SqliteConnections {
  static final int BUSY_TIMEOUT_MS = 10_000;
  // Readers scan small ranges; a small page cache keeps 1,000 agents in one JVM affordable.
  private static final int READER_CACHE_KIB = 512;

  /** The bytes of a database just made by the migrations, once this process has made one. */
  private static final AtomicReference<byte[]> TEMPLATE = new AtomicReference<>();

  private final String url;
  private final SQLiteConfig readerConfig;

  SqliteConnections(Path dbFile) {
    this.url = "jdbc:sqlite:" + dbFile.toAbsolutePath();
    this.readerConfig = base();
    readerConfig.setOpenMode(SQLiteOpenMode.READONLY);
    readerConfig.setReadOnly(true);
    readerConfig.setCacheSize(-READER_CACHE_KIB);
  }

  private static SQLiteConfig base() {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.setGetGeneratedKeys(false);
    return config;
  }

  /**
   * Creates the database with the current schema if it does not exist yet; true if it did. The
   * first database a process creates is written by the migrations with synchronous=OFF (a new
   * database has nothing to lose yet), then the file and its directory are fsynced once: two fsyncs
   * instead of seven. Its bytes are then the process's template: every later new database is a copy
   * of them, written beside the file, fsynced, renamed into place and its directory fsynced — no
   * connection, no schema statements, which counts when thousands of agents start afresh. A crash
   * midway leaves either no database or a whole one (the rename is atomic); only a power cut within
   * the first creation could leave a damaged empty database.
   */
  boolean createIfMissing(Path dbFile, StoreJdbi jdbi) throws SQLException, IOException {
    if (Files.exists(dbFile) && Files.size(dbFile) > 0) {
      return false;
    }
    byte[] template = TEMPLATE.get();
    if (template != null) {
      Path part = dbFile.resolveSibling(dbFile.getFileName() + ".new");
      try (FileChannel file =
          FileChannel.open(
              part,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(template);
        while (bytes.hasRemaining()) {
          file.write(bytes);
        }
        file.force(true);
      }
      Files.move(part, dbFile, StandardCopyOption.ATOMIC_MOVE);
      forceDirectory(dbFile);
      return true;
    }
    SQLiteConfig config = base();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    try (Handle handle =
        jdbi.open(config.createConnection(url))) { // the last close checkpoints into the file
      Migrations.apply(handle, dbFile.toString());
    }
    try (FileChannel file = FileChannel.open(dbFile, StandardOpenOption.WRITE)) {
      file.force(true);
    }
    forceDirectory(dbFile);
    Path wal = dbFile.resolveSibling(dbFile.getFileName() + "-wal");
    if (!Files.exists(wal) || Files.size(wal) == 0) { // all of it is in the file: a template
      TEMPLATE.compareAndSet(null, Files.readAllBytes(dbFile));
    }
    return true;
  }

  private static void forceDirectory(Path dbFile) throws IOException {
    try (FileChannel dir =
        FileChannel.open(dbFile.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  /**
   * The writer's handle, on a connection that the writer closes while idle and that opens again on
   * its next use ({@link ParkedConnection}).
   */
  Handle openWriterHandle(StoreJdbi jdbi, Durability durability) throws SQLException {
    Connection writer = ParkedConnection.of(() -> openWriter(durability), openWriter(durability));
    try {
      return jdbi.open(writer);
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  private Connection openWriter(Durability durability) throws SQLException {
    SQLiteConfig config = base();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(
        durability == Durability.FULL
            ? SQLiteConfig.SynchronousMode.FULL
            : SQLiteConfig.SynchronousMode.NORMAL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.enforceForeignKeys(true);
    return config.createConnection(url);
  }

  /** A handle on a new read-only connection. */
  Handle openReaderHandle(StoreJdbi jdbi) {
    Connection reader;
    try {
      reader = readerConfig.createConnection(url);
    } catch (SQLException e) {
      throw new StoreException(
          "cannot open "
              + url.substring("jdbc:sqlite:".length())
              + " for reading: "
              + e.getMessage(),
          e);
    }
    try {
      return jdbi.open(reader);
    } catch (RuntimeException e) {
      try {
        reader.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}

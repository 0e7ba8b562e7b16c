package p2pchat.agent.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
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
   * Creates the database with the current schema if it does not exist yet. The schema is written
   * with synchronous=OFF (a new database has nothing to lose yet), then the file and its directory
   * are fsynced once: two fsyncs instead of seven, which counts when a thousand agents start
   * afresh. A crash of the process midway is recovered like any other; only a power cut within that
   * moment could leave a damaged empty database.
   */
  void createIfMissing(Path dbFile, StoreJdbi jdbi) throws SQLException, IOException {
    if (Files.exists(dbFile) && Files.size(dbFile) > 0) {
      return;
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
    try (FileChannel dir =
        FileChannel.open(dbFile.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  /** Opens the writer connection and a handle on it. */
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

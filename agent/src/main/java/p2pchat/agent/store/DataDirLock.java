package p2pchat.agent.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps one agent per data directory: an OS file lock on {@code agent.lock}, which also holds the
 * owner's pid so that a second agent can say who is in the way. The OS drops the lock when its
 * process dies (kill -9 included), so a crash never leaves a stale lock behind. Within one JVM a
 * second lock attempt fails too (the JDK tracks its own locks). Thread-safe.
 */
final class DataDirLock implements AutoCloseable {
  static final String FILE = "agent.lock";

  private final FileLock lock; // its channel() is the lock file's, open while the lock is held

  private DataDirLock(FileLock lock) {
    this.lock = lock;
  }

  static DataDirLock acquire(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    FileChannel channel;
    try {
      Files.createDirectories(dataDir);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StoreException(
          "cannot use data directory "
              + dataDir
              + ": "
              + reason(e)
              + "; check its permissions or pick another --data-dir",
          e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this very JVM
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StoreException("cannot lock data directory " + dataDir + ": " + reason(e), e);
    }
    if (lock == null) {
      String pid = readPid(channel);
      closeQuietly(channel);
      throw new StoreException(
          "data directory "
              + dataDir
              + " is in use by another agent (pid "
              + pid
              + "); stop it first or pick another --data-dir");
    }
    try {
      byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(pid), 0); // no fsync: the pid is only for the error message
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StoreException("cannot write to data directory " + dataDir + ": " + reason(e), e);
    }
    return new DataDirLock(lock);
  }

  private static String readPid(FileChannel channel) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(32);
      channel.read(buf, 0);
      String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
      return text.matches("\\d+") ? text : "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** A short reason for a one-line message: "permission denied", not a stack trace. */
  static String reason(Exception e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file is in the way";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    String msg = e.getMessage();
    return msg == null || msg.isBlank()
        ? e.getClass().getSimpleName()
        : msg.lines().findFirst().orElse(msg);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more to release
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel below releases it as well
    }
    closeQuietly(lock.channel());
  }
}

package p2pchat.agent.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that a script file changed by polling its modification time and size on a shared
 * scheduler (WatchService misses changes on some filesystems and costs a thread per watcher). A
 * file that is briefly missing (an editor's save-by-rename) is ignored until it is back.
 * Thread-safe: polls run one at a time on the scheduler; close may be called from any thread.
 */
final class ScriptWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ScriptWatcher.class);

  private record Stamp(FileTime modified, long size) {}

  private final Path file;
  private final Runnable onChange;
  private final ScheduledFuture<?> task;
  private volatile Stamp last;

  ScriptWatcher(
      Path file, ScheduledExecutorService scheduler, long intervalMillis, Runnable onChange) {
    this.file = file;
    this.onChange = onChange;
    this.last = stamp();
    this.task =
        scheduler.scheduleWithFixedDelay(
            this::poll, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      Stamp now = stamp();
      if (now != null && !Objects.equals(now, last)) {
        last = now;
        onChange.run();
      }
    } catch (RuntimeException e) {
      LOG.warn("watching {} failed: {}", file, e.toString(), e);
    }
  }

  private Stamp stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.lastModifiedTime(), a.size());
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}

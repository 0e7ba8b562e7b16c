package p2pchat.harness;

import java.util.concurrent.TimeUnit;

/**
 * The crash of a child process, as the harness and the benchmarks do it: kill -9 (no goodbye, no
 * shutdown hooks), then up to 10 s for the process to be gone. Stateless.
 */
public final class ChildProcesses {
  private ChildProcesses() {}

  /** Kills {@code process} with SIGKILL and waits (at most 10 s) until it has ended. */
  public static void kill9(Process process) {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package p2pchat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU this JVM's JIT compiler threads have used, beside the whole process's: a benchmark warms
 * up until the compiler's share of the CPU has fallen, rather than for a fixed count that is too
 * short on a slow machine. Reads Linux's /proc/self/task; elsewhere the compiler's CPU reads as 0
 * (so a warm-up stops at its first check). Stateless.
 */
public final class JitCpu {
  private static final Path TASKS = Path.of("/proc/self/task");
  private static final long NANOS_PER_TICK = 10_000_000; // USER_HZ is 100 on Linux

  private JitCpu() {}

  /** The CPU the compiler threads (HotSpot's "C1 CompilerThre", "C2 CompilerThre") used, in ns. */
  public static long compilerNanos() {
    if (!Files.isDirectory(TASKS)) {
      return 0;
    }
    long ticks = 0;
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        ticks += compilerTicks(task);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + TASKS, e);
    }
    return ticks * NANOS_PER_TICK;
  }

  /** The CPU the whole process used, in ns. */
  public static long processNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long compilerTicks(Path task) {
    try {
      if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
        return 0;
      }
      String stat = Files.readString(task.resolve("stat"));
      // After the ")" that ends the name: state is field 3, utime 14 and stime 15 of the line.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0; // the thread ended while it was read
    }
  }
}

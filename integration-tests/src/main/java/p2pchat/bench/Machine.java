package p2pchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the benchmark ran on: cores, kernel, JVM, load. Stateless. */
final class Machine {
  private Machine() {}

  /** e.g. "2 cores (nproc), Linux 6.1.0 (uname -r), OpenJDK 64-Bit Server VM 17.0.15+6". */
  static String describe() {
    return String.format(
        Locale.ROOT,
        "%d cores (nproc), %s %s (uname -r), %s %s (java -version)",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"));
  }

  /** The 1, 5 and 15 minute load averages, from /proc/loadavg. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}

package p2pchat.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import p2pchat.harness.ChildProcesses;

/**
 * A JVM started by the benchmark with this JVM's classpath (a registry, a process agent, the
 * 1,000-agent scale run). Its output is read on threads so a full pipe never blocks it; it is
 * always ended by {@link #close} (SIGTERM, then SIGKILL) or {@link #kill} (SIGKILL at once).
 * Thread-safe.
 */
public final class ChildJvm implements AutoCloseable {
  private static final String COMMON_POOL = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private final String label;
  private final Process process;
  private final StringBuffer out = new StringBuffer();
  private final StringBuffer err = new StringBuffer();

  private ChildJvm(String label, Process process) {
    this.label = label;
    this.process = process;
    pump(process.getInputStream(), out, label + "-out");
    pump(process.getErrorStream(), err, label + "-err");
  }

  /** Starts {@code java [jvmOptions] -cp <this classpath> mainClass args}, logging at INFO. */
  public static ChildJvm start(
      String label, List<String> jvmOptions, String mainClass, List<String> args) {
    return start(label, jvmOptions, mainClass, args, "INFO");
  }

  /** As above with the agent's log level ({@code P2PCHAT_LOG_LEVEL}). */
  public static ChildJvm start(
      String label, List<String> jvmOptions, String mainClass, List<String> args, String logLevel) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // what bin/p2pchat set (no thread per HttpClient answer on one or two cores) holds here too
    String parallelism = System.getProperty(COMMON_POOL);
    if (parallelism != null) {
      command.add("-D" + COMMON_POOL + "=" + parallelism);
    }
    command.addAll(jvmOptions);
    command.addAll(p2pchat.harness.SqliteNative.jvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    try {
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().put("P2PCHAT_LOG_LEVEL", logLevel);
      return new ChildJvm(label, pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + label + ": " + e.getMessage(), e);
    }
  }

  /** Small heap and fast start: process-mode children must start in well under a second. */
  public static List<String> smallJvm() {
    return List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  }

  private static void pump(InputStream in, StringBuffer into, String name) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  into.append(line).append('\n');
                }
              } catch (IOException e) {
                // the process ended; what it wrote so far is kept
              }
            },
            name);
    t.setDaemon(true);
    t.start();
  }

  /**
   * Waits until stdout or stderr contains {@code text}; fails with the output if the process dies
   * or time runs out.
   */
  public void awaitOutput(String text, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (out.indexOf(text) < 0 && err.indexOf(text) < 0) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            label
                + " exited ("
                + process.exitValue()
                + ") before saying '"
                + text
                + "': "
                + tail(err.toString(), 600)
                + tail(out.toString(), 600));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            label
                + " did not say '"
                + text
                + "' within "
                + patience.toSeconds()
                + " s: "
                + tail(err.toString(), 600));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /** Waits for the process to end by itself; returns its exit code. */
  public int awaitExit(Duration patience) throws InterruptedException {
    if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          label
              + " did not finish within "
              + patience.toSeconds()
              + " s: "
              + tail(err.toString(), 600));
    }
    return process.exitValue();
  }

  public String out() {
    return out.toString();
  }

  public String err() {
    return err.toString();
  }

  public long pid() {
    return process.pid();
  }

  /** kill -9: no goodbye, no shutdown hooks. */
  public void kill() {
    ChildProcesses.kill9(process);
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  /**
   * Waits for the child to exit and reads its last line starting with {@code prefix} (for example
   * {@code SCALE key=value ...}) as figures by key; an IllegalStateException with the end of its
   * stderr if it printed none.
   */
  public java.util.Map<String, Double> figures(String prefix, Duration patience)
      throws InterruptedException {
    int code = awaitExit(patience);
    String line =
        out()
            .lines()
            .filter(l -> l.startsWith(prefix + " "))
            .reduce((a, b) -> b)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the "
                            + label
                            + " run (exit "
                            + code
                            + ") printed no result: "
                            + tail(err(), 800)));
    java.util.Map<String, Double> figures = new java.util.HashMap<>();
    for (String kv : line.substring(prefix.length() + 1).split(" ")) {
      String[] pair = kv.split("=");
      figures.put(pair[0], Double.parseDouble(pair[1]));
    }
    return figures;
  }

  /** The last {@code chars} characters of {@code s}, after "..." if it was longer. */
  static String tail(String s, int chars) {
    return s.length() <= chars ? s : "..." + s.substring(s.length() - chars);
  }
}

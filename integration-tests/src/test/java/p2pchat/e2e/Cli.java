package p2pchat.e2e;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code bin/p2pchat} as a user would type it, against the classes Maven built (via
 * P2PCHAT_CLASSPATH). Output is read on threads so a full pipe never blocks the child; always
 * {@link #close} it. Thread-safe for reading output.
 */
public final class Cli implements AutoCloseable {
  public static final Path LAUNCHER = Path.of("..", "bin", "p2pchat").toAbsolutePath().normalize();

  private final Process process;
  private final StringBuffer out = new StringBuffer();
  private final StringBuffer err = new StringBuffer();
  private final Writer stdin;

  private Cli(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    pump(process.getInputStream(), out, "stdout");
    pump(process.getErrorStream(), err, "stderr");
  }

  public static Cli run(String... args) {
    return run(java.util.Map.of(), args);
  }

  public static Cli run(java.util.Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(LAUNCHER.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("P2PCHAT_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment()
        .put("P2PCHAT_JAVA_OPTS", "-Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto");
    pb.environment().putAll(env);
    try {
      return new Cli(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void pump(java.io.InputStream in, StringBuffer into, String name) {
    Thread t =
        new Thread(
            () -> {
              // Characters, not lines: a prompt has no newline after it.
              try (InputStreamReader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                char[] buf = new char[4096];
                int n;
                while ((n = r.read(buf)) > 0) {
                  into.append(buf, 0, n);
                }
              } catch (IOException ignored) {
                // the process went away
              }
            },
            "cli-" + name);
    t.setDaemon(true);
    t.start();
  }

  public void type(String line) {
    try {
      stdin.write(line + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** End of input, as when a pipe closes. */
  public void endInput() {
    try {
      stdin.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  public String out() {
    return out.toString();
  }

  public String err() {
    return err.toString();
  }

  /** Waits for the exit code (or -1 after the timeout). */
  public int waitFor(long seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** kill -9 of the JVM the launcher exec'd into. */
  public void kill() {
    process.destroyForcibly();
    waitFor(10);
  }

  /**
   * The pid of the JVM the launcher exec'd into (the launcher execs, so it is the same process).
   */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}

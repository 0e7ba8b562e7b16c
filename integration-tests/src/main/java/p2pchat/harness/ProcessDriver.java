package p2pchat.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import p2pchat.agent.Message;

/**
 * A peer as a separate {@code java} process running the real agent ({@link ChildAgent}) with a
 * small heap and fast startup. Crash is SIGKILL, pause/resume SIGSTOP/SIGCONT, stop SIGTERM. Its
 * output is read on named threads (so a full pipe never blocks it) into a log file and a tail kept
 * for failure reports. Thread-safe.
 */
final class ProcessDriver implements PeerDriver {
  private static final int TAIL = 200;
  private static final long START_TIMEOUT_MS = 30_000;

  private final Path logFile;
  private final UnaryOperator<List<String>> launch;
  private final String mode;
  private final ArrayDeque<String> tail = new ArrayDeque<>();
  private final AtomicLong requests = new AtomicLong();
  private volatile java.time.Duration skew = java.time.Duration.ZERO; // kept across restarts
  private volatile Session session; // the process running now (or the last one)
  private volatile PeerSpec spec;

  /** One run of the child process: its pipes and what waits on its answers. */
  private static final class Session {
    final Process process;
    final PrintWriter stdin;
    final CompletableFuture<Integer> listening = new CompletableFuture<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    final Map<String, CompletableFuture<Message>> waiting = new ConcurrentHashMap<>();
    final Map<String, String[]> sent = new ConcurrentHashMap<>(); // request -> to, text, data

    Session(Process process) {
      this.process = process;
      this.stdin =
          new PrintWriter(
              new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
              true);
    }
  }

  ProcessDriver(Path logFile) {
    this(logFile, UnaryOperator.identity(), "process");
  }

  /**
   * A process started through {@code launch} (given the java command line, it returns the one to
   * run: {@code ip netns exec NS java ...} for a host peer), shown as {@code mode}.
   */
  ProcessDriver(Path logFile, UnaryOperator<List<String>> launch, String mode) {
    this.logFile = logFile;
    this.launch = launch;
    this.mode = mode;
  }

  @Override
  public int start(PeerSpec s) {
    this.spec = s;
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto"));
    cmd.addAll(SqliteNative.jvmOptions());
    cmd.addAll(
        List.of(
            "-cp",
            Classpath.current(),
            ChildAgent.class.getName(),
            "--name",
            s.name(),
            "--discovery",
            s.discoveryOption(),
            "--data-dir",
            s.dataDir().toString(),
            "--host",
            s.listenHost(),
            "--advertise-port",
            String.valueOf(s.advertisedPort()),
            "--heartbeat-ms",
            String.valueOf(s.heartbeat().toMillis()),
            "--durability",
            s.durability().name(),
            "--clock-skew-ms",
            String.valueOf(skew.toMillis())));
    if (s.advertisedHost() != null) {
      cmd.addAll(List.of("--advertise", s.advertisedHost()));
    }
    if (s.script() != null) {
      cmd.addAll(List.of("--script", s.script().toString()));
    }
    Process p;
    try {
      p = new ProcessBuilder(launch.apply(cmd)).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start a java process for " + s.name() + ": " + e.getMessage(), e);
    }
    Session now = new Session(p);
    session = now;
    read(now, p.getInputStream(), "peer-" + s.name() + "-stdout", true);
    read(now, p.getErrorStream(), "peer-" + s.name() + "-stderr", false);
    p.onExit()
        .thenRun(
            () -> {
              log("(process exited with code " + p.exitValue() + ")");
              now.listening.completeExceptionally(
                  new IllegalStateException(
                      s.name() + " exited with code " + p.exitValue() + " before listening"));
              now.waiting
                  .values()
                  .forEach(
                      f ->
                          f.completeExceptionally(
                              new IllegalStateException(s.name() + " is gone")));
              now.waiting.clear();
              now.ended.complete(null);
            });
    try {
      return now.listening.get(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "process peer "
              + s.name()
              + " did not start: "
              + (e.getCause() != null ? e.getCause().getMessage() : e)
              + "; last log lines:\n  "
              + String.join("\n  ", logTail(10)));
    }
  }

  private void read(Session owner, InputStream stream, String thread, boolean protocol) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  if (protocol && onProtocolLine(owner, line)) {
                    continue;
                  }
                  log(line);
                }
              } catch (IOException closed) {
                // the process is gone
              }
            },
            thread);
    t.setDaemon(true);
    t.start();
  }

  private boolean onProtocolLine(Session owner, String line) {
    String[] f = line.split(" ");
    if (line.startsWith("agent ") && line.contains(" listening on ")) {
      log(line);
      String addr = line.substring(line.indexOf(" listening on ") + 14).split(" ")[0];
      owner.listening.complete(Integer.parseInt(addr.substring(addr.lastIndexOf(':') + 1)));
      return true;
    }
    if (f.length >= 6 && f[0].equals("queued")) {
      CompletableFuture<Message> w = owner.waiting.remove(f[1]);
      String[] what = owner.sent.remove(f[1]);
      if (w != null && what != null) {
        w.complete(
            new Message(
                f[2],
                spec.name(),
                what[0],
                Message.Direction.OUT,
                Long.parseLong(f[3]),
                what[1],
                what[2],
                Message.Status.QUEUED,
                Long.parseLong(f[4]),
                null,
                Boolean.parseBoolean(f[5]),
                null));
      }
      return true;
    }
    if (f.length >= 2 && f[0].equals("roomed")) {
      CompletableFuture<Message> w = owner.waiting.remove(f[1]);
      if (w != null) {
        w.complete(null);
      }
      return true;
    }
    if (f.length >= 2 && f[0].equals("failed")) {
      CompletableFuture<Message> w = owner.waiting.remove(f[1]);
      owner.sent.remove(f[1]);
      if (w != null) {
        w.completeExceptionally(
            new IllegalStateException(line.substring(line.indexOf(f[1]) + f[1].length()).trim()));
      }
      return true;
    }
    return false;
  }

  @Override
  public CompletableFuture<Message> send(String to, String text, String dataJson) {
    Session now = session;
    String req = String.valueOf(requests.incrementAndGet());
    CompletableFuture<Message> f = new CompletableFuture<>();
    now.sent.put(req, new String[] {to, text, dataJson});
    now.waiting.put(req, f);
    Base64.Encoder b64 = Base64.getEncoder();
    String line =
        "send "
            + req
            + " "
            + to
            + " "
            + b64.encodeToString(text.getBytes(StandardCharsets.UTF_8))
            + (dataJson == null
                ? ""
                : " " + b64.encodeToString(dataJson.getBytes(StandardCharsets.UTF_8)));
    synchronized (now) {
      now.stdin.println(line);
    }
    if (!now.process.isAlive() && now.waiting.remove(req) != null) {
      f.completeExceptionally(new IllegalStateException(spec.name() + " is not running"));
    }
    return f;
  }

  @Override
  public CompletableFuture<Void> fillStorage(boolean full) {
    return ask("disk", full ? "full" : "ok");
  }

  @Override
  public CompletableFuture<Void> skewClock(java.time.Duration skew) {
    this.skew = skew; // a restart starts with it, as on a machine whose clock is wrong
    if (session == null || !session.process.isAlive()) {
      return CompletableFuture.completedFuture(null);
    }
    return ask("clock", Long.toString(skew.toMillis()));
  }

  /** Sends the child {@code WORD REQ ARG} and completes on its answer for REQ. */
  private CompletableFuture<Void> ask(String word, String arg) {
    Session now = session;
    String req = String.valueOf(requests.incrementAndGet());
    CompletableFuture<Message> f = new CompletableFuture<>();
    now.waiting.put(req, f);
    synchronized (now) {
      now.stdin.println(word + " " + req + " " + arg);
    }
    if (!now.process.isAlive() && now.waiting.remove(req) != null) {
      f.completeExceptionally(new IllegalStateException(spec.name() + " is not running"));
    }
    return f.thenApply(m -> null);
  }

  @Override
  public CompletableFuture<Void> room(String word, String room, List<String> names) {
    Session now = session;
    String req = String.valueOf(requests.incrementAndGet());
    CompletableFuture<Message> f = new CompletableFuture<>();
    now.waiting.put(req, f);
    synchronized (now) {
      now.stdin.println("room " + req + " " + word + " " + room + " " + String.join(" ", names));
    }
    if (!now.process.isAlive() && now.waiting.remove(req) != null) {
      f.completeExceptionally(new IllegalStateException(spec.name() + " is not running"));
    }
    return f.thenApply(m -> null);
  }

  @Override
  public void stop() {
    Process p = session == null ? null : session.process;
    if (p != null && p.isAlive()) {
      p.destroy();
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void crash() {
    Process p = session == null ? null : session.process;
    if (p != null && p.isAlive()) {
      ChildProcesses.kill9(p);
    }
  }

  @Override
  public void pause() {
    signal("-STOP");
  }

  @Override
  public void resume() {
    signal("-CONT");
  }

  private void signal(String sig) {
    try {
      new ProcessBuilder("kill", sig, String.valueOf(session.process.pid()))
          .inheritIO()
          .start()
          .waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException("cannot signal " + spec.name() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public List<Message> history() {
    return spec == null
        ? List.of()
        : InProcessDriver.StoreReader.history(spec.dataDir(), spec.name());
  }

  private void log(String line) {
    synchronized (tail) {
      tail.addLast(line);
      while (tail.size() > TAIL) {
        tail.removeFirst();
      }
    }
    synchronized (tail) {
      try {
        if (logOut == null) {
          logOut =
              Files.newBufferedWriter(
                  logFile,
                  StandardCharsets.UTF_8,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.APPEND);
        }
        logOut.write(line);
        logOut.write('\n');
        logOut.flush();
      } catch (IOException ignored) {
        // the tail still has it
      }
    }
  }

  private Writer logOut;

  @Override
  public List<String> logTail(int lines) {
    synchronized (tail) {
      List<String> all = new ArrayList<>(tail);
      return all.subList(Math.max(0, all.size() - lines), all.size());
    }
  }

  @Override
  public CompletableFuture<Void> ended() {
    Session now = session;
    return now == null ? new CompletableFuture<>() : now.ended;
  }

  @Override
  public String mode() {
    return mode;
  }
}

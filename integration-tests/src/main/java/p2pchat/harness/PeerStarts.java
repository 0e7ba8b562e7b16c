package p2pchat.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import p2pchat.agent.AgentException;

/**
 * Starts and stops a scenario's peers side by side: peers declared one after the other start in
 * parallel (the next step that is not a declaration waits for them), so fifty peers take a fraction
 * of fifty start times. A failed start is reported at the line that declared the peer. Used from
 * the scenario thread; the pool threads only run starts and stops.
 */
final class PeerStarts {
  private static final int THREADS = 4;

  private record Starting(
      Peer peer,
      int line,
      String label,
      long t0,
      Throwable callSite,
      CompletableFuture<Long> done) {}

  private final Path workDir;
  private final Timeline timeline;
  private final List<Starting> starting = new ArrayList<>();
  private ExecutorService pool;

  PeerStarts(Path workDir, Timeline timeline) {
    this.workDir = workDir;
    this.timeline = timeline;
  }

  void start(Peer p, int line, String label) {
    Throwable callSite = new Throwable();
    long t0 = System.currentTimeMillis();
    CompletableFuture<Long> done =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                Files.createDirectories(workDir.resolve("peers").resolve(p.getName()));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              p.startNow();
              timeline.mark(
                  p.getName(),
                  "start",
                  "started ("
                      + p.getMode()
                      + (p.getMode().equals("host") ? " " + p.getAddress() : "")
                      + ")");
              return System.currentTimeMillis();
            },
            pool());
    starting.add(new Starting(p, line, label, t0, callSite, done));
  }

  /** Waits for peers still starting and records their steps; rethrows the first failure. */
  void await() {
    RuntimeException first = null;
    for (Starting s : starting) {
      try {
        long end = s.done().join();
        timeline.step(s.line(), s.label(), s.t0(), end, true, null, true);
      } catch (CompletionException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        timeline.step(
            s.line(),
            s.label(),
            s.t0(),
            System.currentTimeMillis(),
            false,
            cause.getMessage(),
            false);
        if (first == null) {
          first =
              cause instanceof AgentException a
                  ? new AgentException(s.peer().getName() + " did not start: " + a.getMessage(), a)
                  : new IllegalStateException(
                      s.peer().getName() + " did not start: " + cause.getMessage(), cause);
          first.setStackTrace(
              s.callSite().getStackTrace()); // so the error points at the peer(...) line
        }
      }
    }
    starting.clear();
    if (first != null) {
      throw first;
    }
  }

  void stopAll(Collection<Peer> peers) {
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (Peer p : peers) {
      stops.add(CompletableFuture.runAsync(p::shutdown, pool()));
    }
    stops.forEach(CompletableFuture::join);
    pool().shutdownNow();
  }

  private ExecutorService pool() {
    if (pool == null) {
      AtomicInteger n = new AtomicInteger();
      pool =
          Executors.newFixedThreadPool(
              THREADS,
              r -> {
                Thread t = new Thread(r, "scenario-start-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
    return pool;
  }
}

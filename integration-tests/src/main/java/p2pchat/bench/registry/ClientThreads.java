package p2pchat.bench.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * A measured phase of load on the registry: one thread per client, each timing its requests in a
 * histogram of its own, and, once all have ended, how long the phase took and every request's
 * latency together. Stateless; each histogram is written by its one thread only.
 */
final class ClientThreads {
  private ClientThreads() {}

  /** What client {@code c} does, timing each request into {@code latency}. */
  interface Work {
    void run(int c, Histogram latency) throws IOException;
  }

  /** The phase as run: its length and all its requests' latencies (nanoseconds). */
  record Phase(double seconds, Histogram latency) {
    /** The figures of {@code requests} requests of this phase, {@code errors} of them failed. */
    RegistryLoad.Figures figures(String kind, int clients, long requests, long errors) {
      return new RegistryLoad.Figures(
          kind,
          clients,
          seconds,
          requests,
          errors,
          requests / seconds,
          latency.getValueAtPercentile(50) / 1e6,
          latency.getValueAtPercentile(99) / 1e6,
          latency.getMaxValue() / 1e6);
    }
  }

  /**
   * Runs {@code work} for each of {@code clients} on a thread named by {@code threadName}, until
   * all have returned; a client whose work throws counts one error in {@code onError}.
   */
  static Phase run(int clients, IntFunction<String> threadName, Work work, Runnable onError)
      throws InterruptedException {
    List<Histogram> histograms = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long started = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int client = c;
      Histogram h = new Histogram(60_000_000_000L, 3);
      histograms.add(h);
      Thread t =
          new Thread(
              () -> {
                try {
                  work.run(client, h);
                } catch (IOException e) {
                  onError.run();
                }
              },
              threadName.apply(c));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Histogram total = new Histogram(60_000_000_000L, 3);
    histograms.forEach(total::add);
    return new Phase(seconds, total);
  }
}

package p2pchat.bench.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import p2pchat.agent.Agent;
import p2pchat.agent.Durability;
import p2pchat.agent.http.AgentHttp;
import p2pchat.bench.e2e.Pair;

/**
 * {@code POST /send} at 16 clients: each client posts one message, waits for its 202 (sent only
 * after the outbox row committed, FULL) and posts the next, for a fixed time after a warm-up. The
 * same-run baseline is the same load without HTTP: 16 threads each calling {@link Agent#send} and
 * waiting for its future. Runs on the end-to-end pair (the receiver stores only). Not thread-safe;
 * one run at a time.
 */
public final class HttpSend {
  public static final int CLIENTS = 16;

  /** Rate, p50 and p99 (ms) of one load. */
  public record Load(double perSecond, double p50Millis, double p99Millis, long requests) {}

  /** The HTTP load and its baseline without HTTP. */
  public record Figures(Load http, Load direct) {}

  private HttpSend() {}

  public static Figures run(Path dir, Duration warmUp, Duration measured) throws Exception {
    Files.createDirectories(dir);
    ExecutorService clientThreads = Executors.newFixedThreadPool(4);
    try (Pair pair = new Pair(dir, Durability.FULL);
        AgentHttp http =
            AgentHttp.start(pair.sender(), pair.runtime(), AgentHttp.Settings.loopback(0))) {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(clientThreads)
              .build();
      URI send = URI.create("http://127.0.0.1:" + http.address().getPort() + "/send");
      String auth = "Bearer " + http.token().value();
      Callable<Boolean> post =
          () -> {
            HttpResponse<Void> r =
                client.send(
                    HttpRequest.newBuilder(send)
                        .header("Authorization", auth)
                        .header("Content-Type", "application/json")
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"to\": \"" + Pair.RECEIVER + "\", \"text\": \"from CI\"}"))
                        .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 202) {
              throw new IllegalStateException("POST /send answered " + r.statusCode());
            }
            return true;
          };
      Agent sender = pair.sender();
      Callable<Boolean> direct =
          () -> {
            sender.send(Pair.RECEIVER, "from Java").join();
            return true;
          };
      load(post, warmUp);
      Load overHttp = load(post, measured);
      load(direct, warmUp);
      Load withoutHttp = load(direct, measured);
      return new Figures(overHttp, withoutHttp);
    } finally {
      clientThreads.shutdownNow();
    }
  }

  /** {@link #CLIENTS} threads calling {@code one} back to back for {@code d}. */
  private static Load load(Callable<Boolean> one, Duration d) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    long t0 = System.nanoTime();
    long end = t0 + d.toNanos();
    List<Future<Histogram>> each = new ArrayList<>();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        each.add(
            clients.submit(
                () -> {
                  Histogram h = new Histogram(3);
                  long now;
                  while ((now = System.nanoTime()) < end) {
                    one.call();
                    h.recordValue((System.nanoTime() - now) / 1_000);
                  }
                  return h;
                }));
      }
      Histogram all = new Histogram(3);
      for (Future<Histogram> f : each) {
        all.add(f.get());
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      return new Load(
          all.getTotalCount() / seconds,
          all.getValueAtPercentile(50) / 1e3,
          all.getValueAtPercentile(99) / 1e3,
          all.getTotalCount());
    } finally {
      clients.shutdownNow();
    }
  }

  /** {@code java ... p2pchat.bench.http.HttpSend [DIR]}: prints the figures. */
  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("http-send");
    Figures f = run(dir, Duration.ofSeconds(1), Duration.ofSeconds(3));
    System.out.printf(
        Locale.ROOT,
        "POST /send, %d clients: %,.0f/s p50 %.2f ms p99 %.2f ms; Agent.send joined, %d threads:"
            + " %,.0f/s p99 %.2f ms%n",
        CLIENTS,
        f.http().perSecond(),
        f.http().p50Millis(),
        f.http().p99Millis(),
        CLIENTS,
        f.direct().perSecond(),
        f.direct().p99Millis());
  }
}

package p2pchat.bench.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import p2pchat.agent.Agent;
import p2pchat.agent.Durability;
import p2pchat.agent.http.AgentHttp;
import p2pchat.bench.e2e.Pair;
import p2pchat.bench.registry.LeaseFleet;

/**
 * {@code GET /metrics} with many peers known: the end-to-end pair's sender learns {@code peers}
 * more from its registry (registered signed and kept alive by a {@link LeaseFleet}), then its HTTP
 * side is scraped one request at a time. Not thread-safe; one run at a time.
 */
public final class MetricsScrape {
  /** Scrape time p50 and p99 (ms), the exposition's size, and how many peers the agent knew. */
  public record Figures(double p50Millis, double p99Millis, int bytes, int peersKnown) {}

  private MetricsScrape() {}

  public static Figures run(Path dir, int peers, int scrapes) throws Exception {
    Files.createDirectories(dir);
    try (Pair pair = new Pair(dir, Durability.FULL);
        AgentHttp http =
            AgentHttp.start(pair.sender(), pair.runtime(), AgentHttp.Settings.loopback(0))) {
      Agent sender = pair.sender();
      LeaseFleet fleet = LeaseFleet.register(sender.config().discovery(), peers, 4);
      try {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (sender.peers().size() < peers && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest get =
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http.address().getPort() + "/metrics"))
                .header("Authorization", "Bearer " + http.token().value())
                .build();
        Histogram h = new Histogram(3);
        int bytes = 0;
        for (int i = 0; i < scrapes + 10; i++) {
          long t0 = System.nanoTime();
          HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /metrics answered " + r.statusCode());
          }
          if (i >= 10) { // the first ten warm up
            h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
          }
          bytes = r.body().length();
        }
        return new Figures(
            h.getValueAtPercentile(50) / 1e3,
            h.getValueAtPercentile(99) / 1e3,
            bytes,
            sender.peers().size());
      } finally {
        fleet.close();
      }
    }
  }
}

package p2pchat.bench.registry;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on a running registry from another process: N clients (one thread and one keep-alive
 * connection each) doing lookups ({@code GET /v1/peers/{name}}) for a while, then signed heartbeats
 * for as long; prints requests/s and latency percentiles. Each client registers one peer first and
 * deletes it at the end. Thread-safe; {@link #run} may be called again.
 *
 * <pre>
 * java -cp ... p2pchat.bench.registry.RegistryLoad http://127.0.0.1:8000 10 16
 * </pre>
 */
public final class RegistryLoad {

  /** What one kind of request achieved. */
  public record Figures(
      String kind,
      int clients,
      double seconds,
      long requests,
      long errors,
      double perSecond,
      double p50Millis,
      double p99Millis,
      double maxMillis) {
    public String line() {
      return String.format(
          "%-10s %2d clients %5.1f s: %,9.0f req/s  p50 %.2f ms  p99 %.2f ms  max %.1f ms  errors %d",
          kind, clients, seconds, perSecond, p50Millis, p99Millis, maxMillis, errors);
    }
  }

  /** Lookups and heartbeats, measured one after the other; a phase not run is null. */
  public record Result(Figures lookups, Figures heartbeats) {}

  /** Which phases to run. */
  public enum Mode {
    LOOKUPS,
    HEARTBEATS,
    BOTH
  }

  private RegistryLoad() {}

  public static void main(String[] args) throws Exception {
    URI url = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8000");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    Mode mode =
        args.length > 3 ? Mode.valueOf(args[3].toUpperCase(java.util.Locale.ROOT)) : Mode.BOTH;
    Result result = run(url, clients, Duration.ofSeconds(seconds), Duration.ofSeconds(2), mode);
    if (result.lookups() != null) {
      System.out.println(result.lookups().line());
    }
    if (result.heartbeats() != null) {
      System.out.println(result.heartbeats().line());
    }
  }

  /** Registers {@code clients} peers, warms up, measures lookups then heartbeats, cleans up. */
  public static Result run(URI url, int clients, Duration duration, Duration warmup)
      throws Exception {
    return run(url, clients, duration, warmup, Mode.BOTH);
  }

  public static Result run(URI url, int clients, Duration duration, Duration warmup, Mode mode)
      throws Exception {
    String prefix =
        "load-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000 + "-";
    List<Client> all = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        all.add(new Client(url, prefix + i));
      }
      List<String> names = all.stream().map(c -> c.name).toList();
      phase(
          all,
          "warm-up",
          warmup,
          mode == Mode.HEARTBEATS ? Client::heartbeat : c -> c.lookup(names));
      Figures lookups =
          mode == Mode.HEARTBEATS ? null : phase(all, "lookups", duration, c -> c.lookup(names));
      Figures heartbeats =
          mode == Mode.LOOKUPS ? null : phase(all, "heartbeats", duration, Client::heartbeat);
      return new Result(lookups, heartbeats);
    } finally {
      for (Client c : all) {
        c.close();
      }
    }
  }

  interface Step {
    boolean run(Client c) throws IOException;
  }

  static Figures phase(List<Client> clients, String kind, Duration duration, Step step)
      throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    AtomicLong errors = new AtomicLong();
    ClientThreads.Phase phase =
        ClientThreads.run(
            clients.size(),
            i -> "registry-load-" + clients.get(i).name,
            (i, h) -> {
              Client c = clients.get(i);
              while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                boolean ok = step.run(c);
                h.recordValue(System.nanoTime() - t0);
                if (!ok) {
                  errors.incrementAndGet();
                }
              }
            },
            errors::incrementAndGet);
    return phase.figures(kind, clients.size(), phase.latency().getTotalCount(), errors.get());
  }

  /** One simulated peer with its own connection and key. */
  private static final class Client implements AutoCloseable {
    final String name;
    private final SigningKey key = new SigningKey();
    private final HttpConnection http;
    private final long epoch;

    Client(URI url, String name) throws IOException {
      this.name = name;
      this.http = new HttpConnection(url);
      HttpConnection.Reply reply = key.signed(http, "POST", "/v1/peers", key.registration(name));
      if (reply.status() != 201 && reply.status() != 200) {
        throw new IOException(
            "could not register " + name + ": " + reply.status() + " " + reply.body());
      }
      this.epoch = LeaseFleet.JSON.readTree(reply.body()).get("epoch").asLong();
    }

    boolean lookup(List<String> names) throws IOException {
      String peer = names.get(ThreadLocalRandom.current().nextInt(names.size()));
      return http.send("GET", "/v1/peers/" + peer, Map.of(), new byte[0]).status() == 200;
    }

    boolean heartbeat() throws IOException {
      String body = "{\"host\":\"127.0.0.1\",\"port\":9,\"epoch\":" + epoch + "}";
      return key.signed(http, "PUT", "/v1/peers/" + name + "/presence", body).status() == 200;
    }

    @Override
    public void close() throws IOException {
      try {
        key.signed(http, "DELETE", "/v1/peers/" + name, "");
      } finally {
        http.close();
      }
    }
  }
}

package p2pchat.bench.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many leases held on one registry the way a process of many agents holds them
 * (docs/adr/0006-cheap-lease-renewals.md): each registered once with a signature, then renewed by
 * its lease token, many to a {@code POST /v1/leases}. Measures renewals per second, and can keep
 * every lease alive in the background while another figure is taken. Not thread-safe except where
 * said; each slice of the leases is renewed by one thread.
 */
public final class LeaseFleet implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final String[] names;
  private final long[] epochs;
  private final String[] tokens;
  private final SigningKey[] keys;

  /** 1 once lease i is registered: from then on only the keeper or a measurement renews it. */
  private final AtomicIntegerArray held;

  private volatile boolean holding;
  private Thread holder;
  private final AtomicLong lapsed = new AtomicLong();
  private volatile String firstRefusal;

  private LeaseFleet(URI url, int count) {
    this.url = url;
    this.names = new String[count];
    this.epochs = new long[count];
    this.tokens = new String[count];
    this.keys = new SigningKey[count];
    this.held = new AtomicIntegerArray(count);
  }

  /**
   * Registers {@code count} peers (signed, over {@code threads} connections) and keeps their
   * tokens.
   */
  public static LeaseFleet register(URI url, int count, int threads) throws Exception {
    LeaseFleet fleet = new LeaseFleet(url, count);
    String prefix =
        "fleet-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000 + "-";
    List<Thread> all = new ArrayList<>();
    List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    // Registering ten thousand takes longer than a lease: those registered are kept alive
    // meanwhile.
    fleet.hold(Duration.ofMillis(500));
    for (int t = 0; t < threads; t++) {
      int slice = t;
      Thread thread =
          new Thread(
              () -> {
                try (HttpConnection http = new HttpConnection(url)) {
                  for (int i = slice; i < count; i += threads) {
                    SigningKey key = new SigningKey();
                    String name = prefix + i;
                    HttpConnection.Reply reply =
                        key.signed(http, "POST", "/v1/peers", key.registration(name));
                    if (reply.status() / 100 != 2) {
                      throw new IOException(
                          "could not register "
                              + name
                              + ": "
                              + reply.status()
                              + " "
                              + reply.body());
                    }
                    JsonNode answer = JSON.readTree(reply.body());
                    fleet.names[i] = name;
                    fleet.keys[i] = key;
                    fleet.epochs[i] = answer.get("epoch").asLong();
                    fleet.tokens[i] = answer.get("leaseToken").asText();
                    fleet.held.set(i, 1);
                  }
                } catch (Exception e) {
                  failures.add(e);
                }
              },
              "fleet-register-" + t);
      all.add(thread);
      thread.start();
    }
    for (Thread t : all) {
      t.join();
    }
    fleet.close();
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    fleet.lapsed.set(0);
    return fleet;
  }

  /** A signed heartbeat for lease {@code i}, whose answer brings a new token. */
  private void signedHeartbeat(HttpConnection http, int i) throws IOException {
    String body = "{\"host\":\"127.0.0.1\",\"port\":9,\"epoch\":" + epochs[i] + "}";
    HttpConnection.Reply reply =
        keys[i].signed(http, "PUT", "/v1/peers/" + names[i] + "/presence", body);
    if (reply.status() != 200) {
      throw new IOException(
          "signed heartbeat of " + names[i] + " refused: " + reply.status() + " " + reply.body());
    }
    tokens[i] = JSON.readTree(reply.body()).get("leaseToken").asText();
  }

  public int size() {
    return names.length;
  }

  /**
   * Renewals as fast as the registry takes them: {@code clients} threads, each with its own
   * connection and slice of the leases, renewing its slice in requests of {@code batch}. The
   * latency is per request, which is each of its renewals' latency.
   */
  public RegistryLoad.Figures saturate(Duration duration, int clients, int batch) throws Exception {
    long end = System.nanoTime() + duration.toNanos();
    AtomicLong renewed = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    ClientThreads.Phase phase =
        ClientThreads.run(
            clients,
            c -> "fleet-renew-" + c,
            (c, h) -> {
              int[] slice = slice(c, clients);
              try (HttpConnection http = new HttpConnection(url)) {
                while (System.nanoTime() < end) {
                  for (int from = 0;
                      from < slice.length && System.nanoTime() < end;
                      from += batch) {
                    List<Integer> refused = new ArrayList<>();
                    long t0 = System.nanoTime();
                    int ok =
                        renew(http, slice, from, Math.min(slice.length, from + batch), refused);
                    h.recordValue(System.nanoTime() - t0);
                    renewed.addAndGet(ok);
                    // a lease that lapsed between two passes is taken back as an agent would:
                    // signed
                    lapsed.addAndGet(refused.size());
                    for (int i : refused) {
                      signedHeartbeat(http, i);
                    }
                  }
                }
              }
            },
            errors::incrementAndGet);
    return phase.figures("renewals", clients, renewed.get(), errors.get());
  }

  /**
   * Keeps every lease alive from a background thread: all renewed once per {@code every}, in
   * requests of a thousand, as ten processes of a thousand agents each would.
   */
  public synchronized void hold(Duration every) {
    holding = true;
    holder =
        new Thread(
            () -> {
              try (HttpConnection http = new HttpConnection(url)) {
                long next = System.nanoTime();
                while (holding) {
                  int[] all = registered();
                  for (int from = 0; from < all.length; from += 1000) {
                    List<Integer> refused = new ArrayList<>();
                    renew(http, all, from, Math.min(all.length, from + 1000), refused);
                    lapsed.addAndGet(refused.size());
                    for (int i : refused) {
                      signedHeartbeat(http, i);
                    }
                  }
                  next += every.toNanos();
                  long wait = next - System.nanoTime();
                  if (wait > 0) {
                    Thread.sleep(
                        wait / 1_000_000,
                        (int) (wait % 1_000_000)); // pacing a load, not waiting for a result
                  }
                }
              } catch (IOException e) {
                if (holding) {
                  throw new java.io.UncheckedIOException(e);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fleet-hold");
    holder.setDaemon(true);
    holder.start();
  }

  private int[] registered() {
    int n = 0;
    int[] out = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      if (held.get(i) == 1) {
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * Renewals refused since the fleet was registered (a lease that lapsed between two of its
   * renewals, or a token that failed), each then taken back by a signed heartbeat. Should stay 0.
   */
  public long lapsed() {
    return lapsed.get();
  }

  @Override
  public synchronized void close() throws InterruptedException {
    holding = false;
    if (holder != null) {
      holder.join(30_000);
      holder = null;
    }
  }

  private int[] slice(int c, int clients) {
    int n = (names.length - c + clients - 1) / clients;
    int[] slice = new int[n];
    for (int k = 0; k < n; k++) {
      slice[k] = c + k * clients;
    }
    return slice;
  }

  /**
   * One request renewing leases slice[from..to); returns how many were renewed, and adds the
   * indexes of those refused to {@code refused} (if given).
   */
  private int renew(HttpConnection http, int[] slice, int from, int to, List<Integer> refused)
      throws IOException {
    StringBuilder body = new StringBuilder(80 * (to - from) + 16).append("{\"renewals\":[");
    for (int k = from; k < to; k++) {
      int i = slice[k];
      body.append(k == from ? "{\"name\":\"" : ",{\"name\":\"")
          .append(names[i])
          .append("\",\"epoch\":")
          .append(epochs[i])
          .append(",\"leaseToken\":\"")
          .append(tokens[i])
          .append("\"}");
    }
    body.append("]}");
    HttpConnection.Reply reply =
        http.send(
            "POST",
            "/v1/leases",
            Map.of("Content-Type", "application/json"),
            body.toString().getBytes(StandardCharsets.UTF_8));
    if (reply.status() != 200) {
      throw new IOException("POST /v1/leases answered " + reply.status() + " " + reply.body());
    }
    JsonNode results = JSON.readTree(reply.body()).get("renewals");
    int ok = 0;
    for (int k = from; k < to; k++) {
      JsonNode token = results.get(k - from).get("leaseToken");
      if (token != null) {
        tokens[slice[k]] = token.asText();
        ok++;
      } else {
        if (firstRefusal == null) {
          firstRefusal = results.get(k - from).toString();
          System.err.println("first refused renewal: " + firstRefusal);
        }
        if (refused != null) {
          refused.add(slice[k]);
        }
      }
    }
    return ok;
  }
}

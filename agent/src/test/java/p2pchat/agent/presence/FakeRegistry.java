package p2pchat.agent.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import p2pchat.agent.identity.Keys;

/**
 * A small in-memory stand-in for the registry's /v1 contract (docs/registry-api.md), so the
 * presence loops can be tested in this module without the registry's code: it checks signatures and
 * timestamps like the real one, leases are not expired (tests use the real registry for that). It
 * can be stopped and started again on the same port, losing its state, and can be told to answer
 * with a version lower than the client's. Thread-safe (one lock).
 */
final class FakeRegistry implements AutoCloseable {
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Map<String, Object>> peers = new TreeMap<>(); // guarded by this
  private final Map<String, Long> lastTimestamp = new TreeMap<>(); // guarded by this
  private final List<String> log = new ArrayList<>(); // guarded by this
  private long version; // guarded by this
  private HttpServer server;
  private ExecutorService executor;
  private int port;

  FakeRegistry start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    port = server.getAddress().getPort();
    executor = Executors.newCachedThreadPool(r -> new Thread(r, "fake-registry"));
    server.setExecutor(executor);
    server.createContext("/v1/peers", this::handle);
    server.start();
    return this;
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Stops answering; with {@code forget} the next start begins empty at version 0. */
  void stop(boolean forget) {
    server.stop(0);
    executor.shutdownNow();
    synchronized (this) {
      if (forget) {
        peers.clear();
        lastTimestamp.clear();
        version = 0;
      }
      notifyAll();
    }
  }

  @Override
  public void close() {
    stop(true);
  }

  synchronized String status(String name) {
    Map<String, Object> p = peers.get(name);
    return p == null ? null : (String) p.get("status");
  }

  synchronized List<String> requests() {
    return List.copyOf(log);
  }

  /** Someone else (another key) holds {@code name}. */
  synchronized void occupy(String name, String publicKey) {
    put(name, publicKey, "127.0.0.1", 9, "online", 1);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getRawPath();
      byte[] body = ex.getRequestBody().readAllBytes();
      synchronized (this) {
        log.add(method + " " + path);
      }
      String[] parts = path.substring("/v1/peers".length()).split("/");
      String name = parts.length > 1 ? parts[1] : null;
      if (method.equals("GET") && "changes".equals(name)) {
        changes(ex);
      } else if (method.equals("GET")) {
        synchronized (this) {
          if (name == null) {
            answer(ex, 200, Map.of("version", version, "peers", List.copyOf(peers.values())));
          } else if (peers.containsKey(name)) {
            answer(ex, 200, peers.get(name));
          } else {
            answer(ex, 404, Map.of("code", 404, "message", "no peer named " + name));
          }
        }
      } else {
        mutate(ex, method, path, name, parts.length > 2, body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void mutate(
      HttpExchange ex, String method, String path, String name, boolean presence, byte[] body)
      throws IOException {
    JsonNode node = body.length == 0 ? null : json.readTree(body);
    String who = name != null ? name : node.get("name").asText();
    String key =
        name == null
            ? node.get("publicKey").asText()
            : peers.containsKey(who) ? (String) peers.get(who).get("publicKey") : null;
    if (key == null) {
      answer(ex, 404, Map.of("code", 404, "message", "no peer named " + who));
      return;
    }
    long ts = Long.parseLong(ex.getRequestHeaders().getFirst(RequestSigner.TIMESTAMP_HEADER));
    byte[] text = RequestSigner.canonical(method, path, ts, body).getBytes(StandardCharsets.UTF_8);
    byte[] sig =
        Base64.getDecoder().decode(ex.getRequestHeaders().getFirst(RequestSigner.SIGNATURE_HEADER));
    if (!Keys.verify(Keys.decode(key), text, sig) || ts <= lastTimestamp.getOrDefault(who, 0L)) {
      answer(ex, 401, Map.of("code", 401, "message", "bad signature or replay"));
      return;
    }
    Map<String, Object> old = peers.get(who);
    if (method.equals("POST")) {
      if (old != null && !old.get("publicKey").equals(key)) {
        answer(
            ex,
            409,
            Map.of("code", 409, "message", "the name '" + who + "' belongs to another key"));
        return;
      }
      long epoch = old == null ? 1 : (Long) old.get("epoch") + 1;
      put(who, key, node.get("host").asText(), node.get("port").asInt(), "online", epoch);
      answer(ex, old == null ? 201 : 200, Map.of("epoch", epoch));
    } else if (method.equals("PUT")) {
      long epoch = node.get("epoch").asLong();
      if (epoch != (Long) old.get("epoch")) {
        answer(ex, 409, Map.of("code", 409, "message", "stale epoch " + epoch));
        return;
      }
      if (!"online".equals(old.get("status"))) {
        put(who, key, node.get("host").asText(), node.get("port").asInt(), "online", epoch);
      }
      answer(ex, 200, Map.of("leaseMillis", 3000, "epoch", epoch));
    } else {
      put(
          who,
          key,
          (String) old.get("host"),
          (Integer) old.get("port"),
          "away",
          (Long) old.get("epoch"));
      answer(ex, 204, null);
    }
    lastTimestamp.put(who, ts);
  }

  private void put(String name, String key, String host, int port, String status, long epoch) {
    Map<String, Object> p = new TreeMap<>();
    p.put("name", name);
    p.put("publicKey", key);
    p.put("host", host);
    p.put("port", port);
    p.put("status", status);
    p.put("lastSeen", System.currentTimeMillis());
    p.put("epoch", epoch);
    p.put("version", ++version);
    peers.put(name, p);
    notifyAll();
  }

  private void changes(HttpExchange ex) throws IOException, InterruptedException {
    Map<String, String> q = new TreeMap<>();
    for (String kv : ex.getRequestURI().getRawQuery().split("&")) {
      q.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    long since = Long.parseLong(q.get("since"));
    long waitMillis = Long.parseLong(q.get("wait").replace("ms", ""));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    synchronized (this) {
      while (version <= since && System.nanoTime() < deadline && !executor.isShutdown()) {
        wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
      List<Object> changed =
          peers.values().stream()
              .filter(p -> (Long) p.get("version") > since)
              .map(p -> (Object) p)
              .toList();
      answer(ex, 200, Map.of("version", version, "changes", changed));
    }
  }

  private void answer(HttpExchange ex, int status, Object body) throws IOException {
    if (body == null) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }
}

package p2pchat.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP client for the registry's /v1 API in tests. Thread-safe. */
final class TestClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final URI base;

  /** An answer: status, JSON body (or null when empty), raw body. */
  record Answer(int status, JsonNode json, String body) {
    String message() {
      return json == null ? body : json.path("message").asText();
    }
  }

  TestClient(URI base) {
    this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  private TestClient(URI base, HttpClient http) {
    this.base = base;
    this.http = http;
  }

  /** Over HTTPS, trusting exactly the certificate in {@code keystore} (as a trust store would). */
  static TestClient trusting(URI base, java.nio.file.Path keystore, String password) {
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(keystore)) {
      java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
      keys.load(in, password.toCharArray());
      java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("registry", keys.getCertificate(keys.aliases().nextElement()));
      javax.net.ssl.TrustManagerFactory tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      return new TestClient(
          base,
          HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  Answer get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET().build());
  }

  /**
   * A long-poll of {@code /v1/peers/changes}, without waiting for its answer: the future's JSON
   * once the registry answers; it fails unless the answer is 200.
   */
  CompletableFuture<JsonNode> changes(long since, String wait) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/v1/peers/changes?since=" + since + "&wait=" + wait))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            r -> {
              if (r.statusCode() != 200) {
                throw new AssertionError("long-poll answered " + r.statusCode() + ": " + r.body());
              }
              try {
                return JSON.readTree(r.body());
              } catch (IOException e) {
                throw new IllegalStateException(r.body(), e);
              }
            });
  }

  /** A request signed by {@code peer} with a fresh timestamp. */
  Answer signed(TestPeer peer, String method, String path, String body) {
    return signedAt(peer, method, path, body, peer.nextTimestamp());
  }

  /** A request signed by {@code peer} as of {@code ts}, which may be old, future or used. */
  Answer signedAt(TestPeer peer, String method, String path, String body, long ts) {
    return signedAt(peer, method, path, body, ts, peer.sign(method, path, ts, body));
  }

  Answer signedAt(
      TestPeer peer, String method, String path, String body, long ts, String signature) {
    return raw(
        method, path, body, "X-P2P-Timestamp", Long.toString(ts), "X-P2P-Signature", signature);
  }

  /** Any request; {@code headers} are name, value pairs. */
  Answer raw(String method, String path, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    boolean typed = false;
    for (int i = 0; i < headers.length; i += 2) {
      typed |= headers[i].equalsIgnoreCase("Content-Type");
    }
    if (!body.isEmpty() && !typed) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  long register(TestPeer peer, int port) {
    Answer a = signed(peer, "POST", "/v1/peers", peer.registration(port));
    if (a.status() / 100 != 2) {
      throw new AssertionError("register " + peer.name + " failed: " + a);
    }
    return a.json().get("epoch").asLong();
  }

  Answer heartbeat(TestPeer peer, int port, long epoch) {
    return signed(
        peer, "PUT", "/v1/peers/" + peer.name + "/presence", TestPeer.heartbeat(port, epoch));
  }

  String status(String name) {
    Answer a = get("/v1/peers/" + name);
    return a.status() == 200 ? a.json().get("status").asText() : "HTTP " + a.status();
  }

  private static JsonNode parse(String body) {
    try {
      return body.isEmpty() ? null : JSON.readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      String body = r.body();
      return new Answer(r.statusCode(), parse(body), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

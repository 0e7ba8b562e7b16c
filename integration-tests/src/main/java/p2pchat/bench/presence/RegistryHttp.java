package p2pchat.bench.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.presence.RequestSigner;

/**
 * The registry's /v1 API as a plain HTTP client would speak it (the signature scheme of
 * docs/registry-api.md): enough to watch for a peer's status and to drive a "subject" peer's
 * presence by hand. Thread-safe apart from one subject per instance being driven from one thread.
 */
final class RegistryHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  RegistryHttp(URI base) {
    this.base = base;
  }

  JsonNode get(String pathAndQuery, Duration timeout) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout).GET().build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + pathAndQuery + " answered " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** The status of one peer, or null if the registry does not know it. */
  String status(String name) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/peers/" + name)).GET().build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? JSON.readTree(r.body()).path("status").asText() : null;
  }

  long version() throws IOException, InterruptedException {
    return get("/v1/peers", Duration.ofSeconds(10)).path("version").asLong();
  }

  /** A peer we drive by hand: register once, then online/away at will. */
  final class Subject {
    private final String name;
    private final Identity identity = Identity.generate();
    private final RequestSigner signer = new RequestSigner(identity);
    private final long epoch;

    Subject(String name) throws IOException, InterruptedException {
      this.name = name;
      String body =
          "{\"name\":\""
              + name
              + "\",\"publicKey\":\""
              + identity.publicKeyBase64()
              + "\",\"host\":\"127.0.0.1\",\"port\":9}";
      this.epoch = JSON.readTree(signed("POST", "/v1/peers", body)).path("epoch").asLong();
    }

    void online() throws IOException, InterruptedException {
      signed(
          "PUT",
          "/v1/peers/" + name + "/presence",
          "{\"host\":\"127.0.0.1\",\"port\":9,\"epoch\":" + epoch + "}");
    }

    void away() throws IOException, InterruptedException {
      signed("DELETE", "/v1/peers/" + name + "/presence", "");
    }

    private String signed(String method, String path, String body)
        throws IOException, InterruptedException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      RequestSigner.Signed s = signer.sign(method, path, bytes);
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve(path))
              .header("Content-Type", "application/json")
              .header(RequestSigner.TIMESTAMP_HEADER, Long.toString(s.timestamp()))
              .header(RequestSigner.SIGNATURE_HEADER, s.signature())
              .method(
                  method,
                  bytes.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(bytes))
              .build();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IOException(method + " " + path + " answered " + r.statusCode() + " " + r.body());
      }
      return r.body();
    }
  }
}

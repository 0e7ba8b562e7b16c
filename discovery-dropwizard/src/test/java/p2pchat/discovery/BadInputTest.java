package p2pchat.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad request gets a clear {@code {code, message}} with the right 4xx and stores
 * nothing. Runs the real application the Dropwizard way, from a YAML config.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BadInputTest {
  @TempDir static Path dir;

  static final DropwizardAppExtension<DiscoveryConfiguration> APP =
      new DropwizardAppExtension<>(
          DiscoveryApplication.class,
          ResourceHelpers.resourceFilePath("test-config.yml"),
          ConfigOverride.config("database", () -> dir.resolve("registry.db").toString()));

  TestClient client;
  TestPeer sam = new TestPeer("Sam");

  @BeforeEach
  void connect() {
    client = new TestClient(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
  }

  private void assertError(TestClient.Answer answer, int status, String messagePart) {
    assertThat(answer.json()).as("JSON error body of %s", answer).isNotNull();
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.json().get("code").asInt()).isEqualTo(status);
    assertThat(answer.message()).containsIgnoringCase(messagePart);
    assertThat(answer.json().size()).as("only code and message").isEqualTo(2);
  }

  private TestClient.Answer register(TestPeer peer, String body) {
    return client.signed(peer, "POST", "/v1/peers", body);
  }

  /** Sam's registration carrying {@code signer}'s signature of a POST to {@code signedPath}. */
  private TestClient.Answer registerSignedBy(TestPeer signer, String signedPath, String body) {
    long ts = sam.nextTimestamp();
    return client.signedAt(
        sam, "POST", "/v1/peers", body, ts, signer.sign("POST", signedPath, ts, body));
  }

  private void assertNothingStored(String name) {
    assertThat(client.get("/v1/peers/" + name).status()).isIn(404, 422);
  }

  @Test
  void malformedJsonIsRefusedWith400() {
    assertError(register(sam, "{\"name\": \"Sam\", "), 400, "malformed JSON");
    assertError(register(sam, "{\"name\": \"Sam\"} trailing"), 400, "");
    assertNothingStored("Sam");
  }

  @Test
  void unknownFieldsAreRefusedWith400NamingTheField() {
    String body = sam.registration(7001).replace("}", ",\"colour\":\"red\"}");
    TestClient.Answer a = register(sam, body);
    assertError(a, 400, "unknown field 'colour'");
    assertThat(a.message()).contains("name", "publicKey", "host", "port");
    assertNothingStored("Sam");
  }

  @Test
  void missingFieldsAreRefusedWith422() {
    assertError(
        register(sam, sam.registration(7001).replace(",\"port\":7001", "")),
        422,
        "port is missing");
    assertError(
        register(sam, "{\"name\":\"Sam\",\"host\":\"127.0.0.1\",\"port\":7001}"),
        422,
        "publicKey is missing");
    assertError(register(sam, ""), 422, "body must be a JSON object");
    assertNothingStored("Sam");
  }

  @Test
  void aFieldOfTheWrongTypeIsRefusedWith400() {
    assertError(register(sam, sam.registration(7001).replace("7001", "\"seven\"")), 400, "port");
    assertNothingStored("Sam");
  }

  @Test
  void namesOutsideTheAllowedCharactersAreRefused() {
    for (String bad : new String[] {"bad name", "Sam!", "", "x".repeat(65), "naïve"}) {
      TestPeer peer = new TestPeer(bad);
      assertError(register(peer, peer.registration(7001)), 422, "name");
    }
    assertThat(client.get("/v1/peers").json().get("peers")).isEmpty();
    assertError(
        client.get("/v1/peers/bad%20name"),
        422,
        "invalid peer name 'bad name': use 1 to 64 letters, digits, '_', '.' or '-'");
  }

  @Test
  void portsOutside1To65535AreRefused() {
    assertError(register(sam, sam.registration(0)), 422, "port must be 1..65535: 0");
    assertError(register(sam, sam.registration(65536)), 422, "port must be 1..65535: 65536");
    assertNothingStored("Sam");
  }

  @Test
  void aPublicKeyThatIsNotEd25519X509IsRefused() throws Exception {
    String ec =
        Base64.getEncoder()
            .encodeToString(
                KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic().getEncoded());
    for (String key : new String[] {"not base64!", "AAAA", ec}) {
      String body = sam.registration(7001).replace(sam.publicKey(), key);
      assertError(register(sam, body), 422, "publicKey must be");
    }
    assertNothingStored("Sam");
  }

  @Test
  void unsignedOrWronglySignedMutationsAreRefusedWith401() {
    String body = sam.registration(7001);
    assertError(client.raw("POST", "/v1/peers", body), 401, "must be signed");
    TestPeer other = new TestPeer("Sam");
    assertError(registerSignedBy(other, "/v1/peers", body), 401, "bad signature");
    assertError(registerSignedBy(sam, "/v1/peers/", body), 401, "bad signature");
    assertError(
        client.signedAt(sam, "POST", "/v1/peers", body, sam.nextTimestamp(), "%%%"), 401, "base64");
    assertError(
        client.raw("POST", "/v1/peers", body, "X-P2P-Timestamp", "soon", "X-P2P-Signature", "AAAA"),
        401,
        "epoch milliseconds");
    assertNothingStored("Sam");
  }

  @Test
  void staleFutureAndReplayedRequestsAreRefusedWith401() {
    String body = sam.registration(7001);
    long old = System.currentTimeMillis() - 31_000;
    assertError(
        client.signedAt(sam, "POST", "/v1/peers", body, old),
        401,
        "away from the registry's clock");
    long future = System.currentTimeMillis() + 31_000;
    assertError(
        client.signedAt(sam, "POST", "/v1/peers", body, future),
        401,
        "away from the registry's clock");
    assertNothingStored("Sam");

    long epoch = client.register(sam, 7001);
    String beat = TestPeer.heartbeat(7001, epoch);
    String path = "/v1/peers/Sam/presence";
    long ts = sam.nextTimestamp();
    String signature = sam.sign("PUT", path, ts, beat);
    assertThat(client.signedAt(sam, "PUT", path, beat, ts, signature).status()).isEqualTo(200);
    assertError(client.signedAt(sam, "PUT", path, beat, ts, signature), 401, "not newer");
    assertError(client.signedAt(sam, "PUT", path, beat, ts - 5), 401, "not newer");
    client.signed(sam, "DELETE", "/v1/peers/Sam", "");
  }

  @Test
  void someoneElsesKeyCannotHeartbeatAwayOrDeleteAPeer() {
    long epoch = client.register(sam, 7001);
    TestPeer mallory = new TestPeer("Sam");
    assertError(client.heartbeat(mallory, 6666, epoch), 401, "bad signature");
    assertError(
        client.signed(mallory, "DELETE", "/v1/peers/Sam/presence", ""), 401, "bad signature");
    assertError(client.signed(mallory, "DELETE", "/v1/peers/Sam", ""), 401, "bad signature");
    assertThat(client.get("/v1/peers/Sam").json().get("port").asInt()).isEqualTo(7001);
    assertError(
        client.raw("PUT", "/v1/peers/Sam/presence", TestPeer.heartbeat(7001, epoch)),
        401,
        "must be signed");
    client.signed(sam, "DELETE", "/v1/peers/Sam", "");
  }

  @Test
  void unknownPeersAnswer404() {
    TestPeer ghost = new TestPeer("Ghost");
    assertError(client.get("/v1/peers/Ghost"), 404, "no peer named 'Ghost'");
    assertError(client.heartbeat(ghost, 7001, 1), 404, "no peer named 'Ghost'");
    assertError(client.signed(ghost, "DELETE", "/v1/peers/Ghost/presence", ""), 404, "Ghost");
    assertError(client.signed(ghost, "DELETE", "/v1/peers/Ghost", ""), 404, "Ghost");
  }

  @Test
  void heartbeatsAreChecked() {
    long epoch = client.register(sam, 7001);
    String path = "/v1/peers/Sam/presence";
    assertError(
        client.signed(sam, "PUT", path, "{\"host\":\"127.0.0.1\",\"port\":7001}"),
        422,
        "epoch is missing");
    assertError(
        client.signed(sam, "PUT", path, TestPeer.heartbeat(0, epoch)),
        422,
        "port must be 1..65535");
    assertError(
        client.signed(sam, "PUT", path, TestPeer.heartbeat(7001, epoch + 5)), 409, "unknown epoch");
    assertError(
        client.signed(
            sam, "PUT", path, "{\"host\":\"127.0.0.1\",\"port\":7001,\"epoch\":1,\"x\":1}"),
        400,
        "unknown field 'x'");
    client.signed(sam, "DELETE", "/v1/peers/Sam", "");
  }

  @Test
  void bodiesThatAreNotARegistrationObjectAreRefused() {
    for (String body : new String[] {"[1,2]", "\"Sam\"", "42", "null", "{\"name\":"}) {
      TestClient.Answer a = register(sam, body);
      assertThat(a.status()).as("%s -> %s", body, a).isIn(400, 422);
      assertError(a, a.status(), "");
    }
    assertError(
        register(sam, sam.registration(7001).replace("127.0.0.1", "bad host")),
        422,
        "host must be");
    assertNothingStored("Sam");
  }

  @Test
  void malformedHeartbeatBodiesAreRefusedAndChangeNothing() {
    long epoch = client.register(sam, 7001);
    String path = "/v1/peers/Sam/presence";
    assertError(client.signed(sam, "PUT", path, "{\"host\":"), 400, "malformed JSON");
    assertError(client.signed(sam, "PUT", path, ""), 422, "body must be a JSON object");
    assertError(client.signed(sam, "PUT", path, "[]"), 400, "");
    assertError(
        client.signed(sam, "PUT", path, "{\"host\":\"127.0.0.1\",\"port\":7001,\"epoch\":\"one\"}"),
        400,
        "epoch");
    assertError(
        client.signed(sam, "PUT", path, "{\"port\":7001,\"epoch\":" + epoch + "}"),
        422,
        "host is missing");
    assertThat(client.get("/v1/peers/Sam").json().get("port").asInt())
        .as("unchanged")
        .isEqualTo(7001);
    client.signed(sam, "DELETE", "/v1/peers/Sam", "");
  }

  @Test
  void listAndChangesRefuseBadQueryParameters() {
    assertError(
        client.get("/v1/peers?status=sleeping"),
        422,
        "status must be one of online, away, unreachable");
    assertError(client.get("/v1/peers/changes?since=abc"), 422, "since must be");
    assertError(client.get("/v1/peers/changes?since=0&wait=-5s"), 422, "wait must be");
  }

  @Test
  void unknownPathsWrongMethodsAndMediaTypesAnswerJson() {
    assertError(client.get("/v2/peers"), 404, "nothing at GET /v2/peers");
    assertError(client.get("/"), 404, "nothing at");
    assertError(client.raw("PATCH", "/v1/peers", "{}"), 405, "PATCH is not allowed");
    assertError(
        client.raw("POST", "/v1/peers", "{}", "Content-Type", "text/plain"),
        415,
        "application/json");
    assertError(client.raw("TRACE", "/v1/peers", ""), 405, "");
    assertError(
        client.raw(
            "POST",
            "/v1/peers",
            "{}",
            "Content-Type",
            "application/json",
            "Content-Type",
            "text/plain"),
        400,
        "");
    assertError(client.get("/v1/peers/changes?since=-1&wait=0s"), 422, "since must be");
    assertError(client.get("/v1/peers/changes?since=0&wait=soon"), 422, "wait must be a duration");
    assertError(
        client.signed(
            sam,
            "POST",
            "/v1/peers",
            "{\"name\":\"changes\"}"
                .replace(
                    "}", ",\"publicKey\":\"" + sam.publicKey() + "\",\"host\":\"h\",\"port\":1}")),
        422,
        "reserved");
  }

  @Test
  void theHealthCheckTouchesTheDatabaseAndMetricsAreServed() {
    TestClient admin = new TestClient(URI.create("http://127.0.0.1:" + APP.getAdminPort()));
    TestClient.Answer health = admin.get("/healthcheck");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("database").get("healthy").asBoolean()).isTrue();
    assertThat(health.json().get("database").get("message").asText())
        .contains("registry.db at version");
    client.get("/v1/peers/Nobody");
    assertThat(admin.get("/metrics").body())
        .contains("p2pchat.discovery.resources.PeersResource.find");
  }
}

package p2pchat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import p2pchat.agent.Agent;
import p2pchat.agent.Message;
import p2pchat.agent.http.AgentHttp;
import p2pchat.agent.http.BearerToken;

/**
 * The agent's HTTP side over real loopback HTTP, with a real registry, real agents and their SQLite
 * files: health, metrics, POST /send, the token (docs/http.md).
 */
class HttpSideTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Cluster cluster;
  private Agent sam;
  private Agent carol;
  private AgentHttp http;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void samServesHttpAndKnowsCarol() {
    cluster = new Cluster(dir);
    carol = cluster.start("Carol");
    sam = cluster.start("Sam");
    http = AgentHttp.start(sam, cluster.runtime, AgentHttp.Settings.loopback(0));
    await().atMost(PATIENCE).until(() -> sam.peer("Carol").isPresent());
  }

  @AfterEach
  void tearDown() {
    if (http != null) {
      http.close();
    }
    cluster.close();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(String body) throws Exception {
    return post("/send", http.token().value(), body);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + http.address().getPort() + path);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void healthNeedsNoTokenAndShowsTheStoreTheRegistryAndTheLinks() throws Exception {
    sam.send("Carol", "hi").join();
    await().atMost(PATIENCE).until(() -> sam.linkStates().containsKey("ready"));
    HttpResponse<String> r = get("/health", null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.path("status").asText()).isEqualTo("ok");
    assertThat(body.path("agent").asText()).isEqualTo("Sam");
    assertThat(body.path("store").path("writable").asBoolean()).isTrue();
    assertThat(body.path("registry").path("reachable").asBoolean()).isTrue();
    assertThat(body.path("links").path("ready").asInt()).isEqualTo(1);
  }

  @Test
  void healthIs503WhileAnotherConnectionHoldsTheStoresWriteLockAnd200Again() throws Exception {
    SQLiteConfig config = new SQLiteConfig();
    try (Connection other = config.createConnection("jdbc:sqlite:" + sam.databaseFile());
        Statement st = other.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      HttpResponse<String> r = get("/health", null);
      assertThat(r.statusCode()).isEqualTo(503);
      JsonNode body = json(r);
      assertThat(body.path("status").asText()).isEqualTo("failing");
      assertThat(body.path("store").path("writable").asBoolean()).isFalse();
      assertThat(body.path("store").path("problem").asText()).contains("write lock");
      st.execute("ROLLBACK");
    }
    await().atMost(PATIENCE).until(() -> get("/health", null).statusCode() == 200);
  }

  @Test
  void postSendQueuesDurablyBeforeThe202AndTheReceiverGetsIt() throws Exception {
    HttpResponse<String> r =
        send(
            "{\"to\": \"Carol\", \"text\": \"deploy done\", \"data\": {\"build\": 42}, \"ttl\": \"30s\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String id = json(r).path("id").asText();
    // durable before the 202: the outbox row is committed already
    assertThat(sam.history("Carol")).extracting(Message::id).contains(id);
    await()
        .atMost(PATIENCE)
        .until(() -> carol.history("Sam").stream().anyMatch(m -> m.id().equals(id)));
    Message got = carol.history("Sam").stream().filter(m -> m.id().equals(id)).findFirst().get();
    assertThat(got.text()).isEqualTo("deploy done");
    assertThat(JSON.readTree(got.data()).path("build").asInt()).isEqualTo(42);
    assertThat(got.expiresAt()).isNotNull();
  }

  @Test
  void postSendToARoomWorksForAMemberAndIsRefusedForARoomItIsNotIn() throws Exception {
    sam.rooms().create("#ops", List.of("Carol")).join();
    HttpResponse<String> r = send("{\"to\": \"#ops\", \"text\": \"to the room\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    await()
        .atMost(PATIENCE)
        .until(() -> carol.history("#ops").stream().anyMatch(m -> m.text().equals("to the room")));

    HttpResponse<String> refused = send("{\"to\": \"#nope\", \"text\": \"x\"}");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(json(refused).path("message").asText()).contains("not a member of #nope");
  }

  @Test
  void badBodiesGet400NamingTheFieldAndAnUnknownPeer404WithItsName() throws Exception {
    Map<String, String> cases = new HashMap<>();
    cases.put("not json", "not JSON");
    cases.put("[1, 2]", "JSON object");
    cases.put("{\"text\": \"hi\"}", "field 'to' is missing");
    cases.put("{\"to\": \"Carol\"}", "field 'text' is missing");
    cases.put("{\"to\": 7, \"text\": \"hi\"}", "field 'to' must be a string");
    cases.put("{\"to\": \"no spaces\", \"text\": \"hi\"}", "field 'to' must be a peer name");
    cases.put("{\"to\": \"Carol\", \"text\": \"hi\", \"data\": 5}", "field 'data'");
    cases.put("{\"to\": \"Carol\", \"text\": \"hi\", \"ttl\": \"soon\"}", "field 'ttl'");
    cases.put("{\"to\": \"Carol\", \"text\": \"hi\", \"ttl\": 30}", "field 'ttl'");
    cases.put("{\"to\": \"Carol\", \"txt\": \"hi\"}", "unknown field 'txt'");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> r = send(c.getKey());
      assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
      assertThat(r.body()).as(c.getKey()).doesNotContain("\n");
      assertThat(json(r).path("code").asInt()).isEqualTo(400);
      assertThat(json(r).path("message").asText()).as(c.getKey()).contains(c.getValue());
    }
    HttpResponse<String> unknown = send("{\"to\": \"Nobody\", \"text\": \"hi\"}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("message").asText()).contains("unknown peer Nobody");
    assertThat(sam.history("Nobody")).isEmpty();
  }

  @Test
  void metricsAreThePrometheusTextFormatAndCountASentMessage() throws Exception {
    assertThat(send("{\"to\": \"Carol\", \"text\": \"count me\"}").statusCode()).isEqualTo(202);
    await()
        .atMost(PATIENCE)
        .until(() -> metric(scrape(), "p2pchat_messages_delivered_total", "") == 1.0);
    String text = scrape();
    Pattern sample = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? (\\S+)");
    for (String l : text.split("\n")) {
      if (!l.isEmpty() && !l.startsWith("#")) {
        Matcher m = sample.matcher(l);
        assertThat(m.matches()).as(l).isTrue();
        assertThat(m.group(2)).as(l).matches("[+-]?Inf|NaN|-?[0-9.]+([eE][+-]?[0-9]+)?");
      }
    }
    assertThat(metric(text, "p2pchat_messages_sent_total", "")).isEqualTo(1.0);
    assertThat(metric(text, "p2pchat_delivery_latency_seconds_count", "")).isEqualTo(1.0);
    assertThat(metric(text, "p2pchat_links", "state=\"ready\"")).isEqualTo(1.0);
    assertThat(text)
        .contains("p2pchat_delivery_latency_seconds_bucket")
        .contains("p2pchat_handler_time_seconds")
        .contains("p2pchat_timers_due")
        .contains("p2pchat_messages_expired_total")
        .contains("p2pchat_messages_received_total")
        .contains("p2pchat_messages_handled_total");
  }

  @Test
  void outboxDepthShowsWhatWaitsForAnOfflinePeer() throws Exception {
    carol.stop();
    await().atMost(PATIENCE).until(() -> !sam.isOnline("Carol"));
    for (int i = 0; i < 3; i++) {
      assertThat(send("{\"to\": \"Carol\", \"text\": \"later " + i + "\"}").statusCode())
          .isEqualTo(202);
    }
    assertThat(metric(scrape(), "p2pchat_outbox_depth", "peer=\"Carol\"")).isEqualTo(3.0);
  }

  private String scrape() throws Exception {
    HttpResponse<String> r = get("/metrics", http.token().value());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    return r.body();
  }

  /** The value of the sample {@code name} whose labels contain {@code label}, or -1. */
  private static double metric(String text, String name, String label) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
    while (m.find()) {
      if (m.group(1).contains(label)) {
        return Double.parseDouble(m.group(2));
      }
    }
    return -1;
  }

  @Test
  void aMissingOrWrongTokenGets401AndIsLoggedOnceNotPerRequest() throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger("p2pchat.agent.http");
    log.start();
    logger.addAppender(log);
    try {
      assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
      assertThat(get("/metrics", "wrong-token-wrong-token").statusCode()).isEqualTo(401);
      HttpResponse<String> r = post("/send", "nope", "{\"to\": \"Carol\", \"text\": \"x\"}");
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
      assertThat(get("/nowhere", null).statusCode()).isEqualTo(401);
      List<String> warnings;
      synchronized (log) {
        warnings =
            log.list.stream()
                .filter(e -> e.getLevel().toString().equals("WARN"))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
      }
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).contains("GET /metrics").contains("no token");
      assertThat(sam.history("Carol")).isEmpty();
    } finally {
      logger.detachAppender(log);
    }
  }

  @Test
  void theTokenIsMadeOnceInTheDataDirectoryAndReused() throws Exception {
    BearerToken first = http.token();
    assertThat(first.created()).isTrue();
    assertThat(first.file()).isEqualTo(sam.config().dataDir().resolve("http-token"));
    assertThat(Files.getPosixFilePermissions(first.file()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    http.close();
    http = AgentHttp.start(sam, cluster.runtime, AgentHttp.Settings.loopback(0));
    assertThat(http.token().created()).isFalse();
    assertThat(http.token().value()).isEqualTo(first.value());
    assertThat(get("/metrics", first.value()).statusCode()).isEqualTo(200);

    Path given = dir.resolve("ci-token");
    Files.writeString(given, "a-token-the-ci-pipeline-holds\n");
    http.close();
    http =
        AgentHttp.start(sam, cluster.runtime, AgentHttp.Settings.loopback(0).withTokenFile(given));
    assertThat(get("/metrics", "a-token-the-ci-pipeline-holds").statusCode()).isEqualTo(200);
    assertThat(get("/metrics", first.value()).statusCode()).isEqualTo(401);
  }
}

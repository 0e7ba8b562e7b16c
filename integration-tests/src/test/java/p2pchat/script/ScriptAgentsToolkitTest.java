package p2pchat.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.Agent;
import p2pchat.agent.Job;
import p2pchat.agent.Message;
import p2pchat.agent.http.AgentHttp;
import p2pchat.agent.http.HttpReply;
import p2pchat.agent.rooms.RoomHeader;

/**
 * scripts/ops.groovy and the bot toolkit's words with real agents, the real registry and real
 * loopback HTTP: commands and their help, permissions, answers in a room, the cron's one persisted
 * job, and webhooks whose effects are committed before their answer.
 */
class ScriptAgentsToolkitTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private ScriptAgents bots;
  private final List<AgentHttp> served = new ArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() {
    bots = new ScriptAgents(dir);
  }

  private Agent start(String name, Path script) {
    return bots.start(name, script);
  }

  /** An agent with HTTP on a free loopback port and its script's webhooks on it. */
  private AgentHttp serve(Agent agent) {
    AgentHttp http = AgentHttp.start(agent, bots.runtime(), AgentHttp.Settings.loopback(0));
    served.add(http);
    agent.script().orElseThrow().serveWebhooks(agent, http.routes());
    return http;
  }

  @AfterEach
  void tearDown() {
    served.forEach(AgentHttp::close);
    bots.close();
  }

  private static List<String> received(Agent agent, String from) {
    return agent.history(from).stream()
        .filter(m -> m.direction() == Message.Direction.IN && m.room() == null)
        .map(Message::text)
        .toList();
  }

  private static String lastFrom(Agent agent, String from) {
    List<String> all = received(agent, from);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  private static void says(Agent who, String to, String text, String answer) {
    int before = received(who, to).size();
    who.send(to, text).join();
    await().atMost(PATIENCE).until(() -> received(who, to).size() > before);
    assertThat(lastFrom(who, to)).isEqualTo(answer);
  }

  private HttpResponse<String> post(AgentHttp http, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.address().getPort() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theOpsBotRunsCommandsForThoseAllowedAndRefusesTheOthersInOneLine() {
    Agent ops = start("Ops", ScriptAgents.SCRIPTS.resolve("ops.groovy"));
    Agent sam = start("Sam", null);
    Agent dan = start("Dan", null);
    await().atMost(PATIENCE).until(() -> sam.isOnline("Ops") && dan.isOnline("Ops"));

    says(dan, "Ops", "!deploy api", "you are not allowed to run !deploy");
    says(sam, "Ops", "!deploy \"web api\"", "deploying web api");
    says(dan, "Ops", "!status", "web api by Sam");
    says(dan, "Ops", "!help", "commands:\n!status — the last five deploys\n!help — this list");
    says(
        sam,
        "Ops",
        "!help",
        "commands:\n!deploy NAME — ship a service\n!status — the last five deploys\n!help — this"
            + " list");
    says(
        dan,
        "Ops",
        "!stauts",
        "unknown command '!stauts'; did you mean !status? (!help lists the commands)");
    says(sam, "Ops", "!rollback api", "you are not allowed to run !rollback");
    assertThat(ops.history("Dan")).isNotEmpty();
  }

  @Test
  void inARoomTheOpsBotAnswersTheRoom() {
    start("Ops", ScriptAgents.SCRIPTS.resolve("ops.groovy"));
    Agent sam = start("Sam", null);
    Agent dan = start("Dan", null);
    await().atMost(PATIENCE).until(() -> sam.isOnline("Ops") && sam.isOnline("Dan"));
    await().atMost(PATIENCE).until(() -> dan.peers().size() >= 3);

    sam.rooms().create("#ops", List.of("Ops", "Dan")).join();
    await().atMost(PATIENCE).until(() -> dan.rooms().get("#ops").isPresent());
    dan.send("#ops", "!deploy api").join();
    await()
        .atMost(PATIENCE)
        .until(() -> roomTexts(sam, "Ops").contains("you are not allowed to run !deploy"));
    sam.send("#ops", "!deploy api").join();
    await().atMost(PATIENCE).until(() -> roomTexts(dan, "Ops").contains("deploying api"));
  }

  private static List<String> roomTexts(Agent member, String author) {
    return member.history("#ops").stream()
        .filter(m -> m.direction() == Message.Direction.IN)
        .filter(m -> m.roomHeader().type() == RoomHeader.MESSAGE)
        .filter(m -> m.from().equals(author))
        .map(Message::text)
        .toList();
  }

  @Test
  void theCronIsOnePersistedJobForTheNextWeekdayNineInBerlinAcrossARestart() {
    Agent ops = start("Ops", ScriptAgents.SCRIPTS.resolve("ops.groovy"));
    await().atMost(PATIENCE).until(() -> cronJobs(ops).size() == 1);
    Job job = cronJobs(ops).get(0);
    assertThat(job.description())
        .startsWith("cron@ops.groovy:")
        .endsWith("0 9 * * MON-FRI Europe/Berlin");
    assertThat(job.dueAt()).isEqualTo(nextWeekdayNineInBerlin());

    ops.stop();
    Agent again = start("Ops", ScriptAgents.SCRIPTS.resolve("ops.groovy"));
    Agent sam = start("Sam", null);
    await().atMost(PATIENCE).until(() -> sam.isOnline("Ops"));
    says(sam, "Ops", "!status", "no deploys yet"); // a round has run since the start
    assertThat(cronJobs(again))
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.id()).isEqualTo(job.id());
              assertThat(j.dueAt()).isEqualTo(job.dueAt());
            });
  }

  private static List<Job> cronJobs(Agent agent) {
    return agent.timers().stream().filter(j -> j.description().startsWith("cron@")).toList();
  }

  private static long nextWeekdayNineInBerlin() {
    ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Europe/Berlin"));
    ZonedDateTime t = now.truncatedTo(ChronoUnit.DAYS).withHour(9);
    while (!t.isAfter(now)
        || t.getDayOfWeek() == DayOfWeek.SATURDAY
        || t.getDayOfWeek() == DayOfWeek.SUNDAY) {
      t = t.plusDays(1).truncatedTo(ChronoUnit.DAYS).withHour(9);
    }
    return t.toInstant().toEpochMilli();
  }

  @Test
  void aWebhooksEffectsAreCommittedBeforeItsAnswer() throws Exception {
    Agent ops = start("Ops", ScriptAgents.SCRIPTS.resolve("ops.groovy"));
    Agent sam = start("Sam", null);
    await().atMost(PATIENCE).until(() -> ops.peer("Sam").isPresent() && sam.isOnline("Ops"));
    AgentHttp http = serve(ops);
    String token = http.token().value();

    HttpResponse<String> r = post(http, "/deploy", token, "{\"service\": \"billing\"}");
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(r.body()))
        .isEqualTo(JSON.readTree("{\"ok\":true,\"service\":\"billing\"}"));
    // committed before the 202: the state is in the database, the message in the outbox
    assertThat(ops.history("Sam")).extracting(Message::text).contains("CI is deploying billing");
    await().atMost(PATIENCE).until(() -> received(sam, "Ops").contains("CI is deploying billing"));
    says(sam, "Ops", "!status", "billing by CI");

    assertThat(post(http, "/deploy", null, "{}").statusCode()).isEqualTo(401);
    HttpResponse<String> missing = post(http, "/deploy", token, "{}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).isEqualTo("{\"error\":\"field service is missing\"}");
    HttpResponse<String> notJson = post(http, "/deploy", token, "service=api");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(notJson.body()).path("message").asText())
        .isEqualTo("the request's body is not JSON; send JSON or read req.text");
  }

  @Test
  void aWebhookThatThrowsAnswers500RunsTheErrorHookAndSavesNothingElse() throws Exception {
    Path script =
        Files.writeString(
            dir.resolve("hooks.groovy"),
            """
            webhook('/boom') { req ->
                state.half = 'done'
                throw new IllegalStateException("no ${req.query.what}")
            }
            webhook('/echo', method: 'GET') { req -> [status: 200, body: [what: req.query.what, agent: req.headers['x-agent']]] }
            on error { e, msg -> state.errors = (state.errors ?: 0) + 1 }
            webhook('/count') { req -> "errors ${state.errors} half ${state.half}" }
            """);
    Agent hooks = start("Hooks", script);
    AgentHttp http = serve(hooks);
    String token = http.token().value();

    HttpResponse<String> boom = post(http, "/boom?what=luck", token, "");
    assertThat(boom.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(boom.body()).path("message").asText())
        .isEqualTo(
            "webhook /boom failed: IllegalStateException: no luck (the agent's log has the"
                + " script's line)");
    HttpResponse<String> count = post(http, "/count", token, "");
    assertThat(count.body()).isEqualTo("errors 1 half null");

    HttpResponse<String> echo =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http.address().getPort() + "/echo?what=x"))
                .header("Authorization", "Bearer " + token)
                .header("X-Agent", "ci")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(echo.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(echo.body()))
        .isEqualTo(JSON.readTree("{\"what\":\"x\",\"agent\":\"ci\"}"));
  }

  @Test
  void aWebhookPathThatClashesIsRefusedWithOneLine() throws Exception {
    Path builtIn =
        Files.writeString(
            dir.resolve("clash.groovy"), "on start { }\nwebhook('/send') { req -> }\n");
    assertThatThrownBy(() -> start("Clash", builtIn))
        .hasMessage(
            "(clash.groovy, line 2) webhook /send: /send is a built-in route of the agent's HTTP"
                + " side (POST); pick another path");
    Path twice =
        Files.writeString(
            dir.resolve("twice.groovy"), "webhook('/a') { req -> }\nwebhook('/a') { req -> }\n");
    assertThatThrownBy(() -> start("Twice", twice))
        .hasMessage("(twice.groovy, line 2) webhook /a is declared twice (line 1 too); keep one");

    Agent ops = start("Ops", ScriptAgents.SCRIPTS.resolve("ops.groovy"));
    AgentHttp http = AgentHttp.start(ops, bots.runtime(), AgentHttp.Settings.loopback(0));
    served.add(http);
    http.routes()
        .add("POST", "/deploy", req -> CompletableFuture.completedFuture(HttpReply.error(418, "")));
    assertThatThrownBy(() -> ops.script().orElseThrow().serveWebhooks(ops, http.routes()))
        .hasMessageMatching(
            "\\(ops.groovy, line \\d+\\) webhook /deploy: /deploy is taken by another route"
                + " \\(POST\\); pick another path");
  }

  @Test
  void aHotReloadAddsAndRemovesWebhooks() throws Exception {
    Path script =
        Files.writeString(dir.resolve("hot.groovy"), "webhook('/one') { req -> 'one' }\n");
    Agent hot = start("Hot", script);
    AgentHttp http = serve(hot);
    String token = http.token().value();
    assertThat(post(http, "/one", token, "").body()).isEqualTo("one");

    Files.writeString(script, "webhook('/two') { req -> 'two' }\n");
    assertThat(hot.script().orElseThrow().reload().error()).isNull();
    assertThat(post(http, "/two", token, "").body()).isEqualTo("two");
    assertThat(post(http, "/one", token, "").statusCode()).isEqualTo(404);
  }
}

package p2pchat.agent.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2pchat.agent.identity.Identity;

/** An agent given several registry instances uses the next one when the one in use fails. */
class RegistryFailoverClientTest {
  final HttpClient http = HttpClient.newHttpClient();
  final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  FakeRegistry up;
  Presence presence;

  @AfterEach
  void stop() {
    if (presence != null) {
      presence.abort();
    }
    if (up != null) {
      up.close();
    }
    scheduler.shutdownNow();
  }

  @Test
  void anAgentWhoseFirstRegistryRefusesConnectionsRegistersHeartbeatsAndWatchesThroughTheNext()
      throws Exception {
    FakeRegistry down = new FakeRegistry().start();
    URI refused = down.uri();
    down.stop(true); // nothing listens there now: connections are refused
    up = new FakeRegistry().start();
    PresenceConfig config =
        PresenceConfig.defaults(refused)
            .withRegistries(List.of(refused, up.uri()))
            .withHeartbeat(Duration.ofMillis(100))
            .withLongPollWait(Duration.ofSeconds(5))
            .withRetry(Duration.ofMillis(20), Duration.ofMillis(200));
    presence =
        new Presence(
            config, "Sam", Identity.generate(), http, scheduler, new PresenceLoopsTest.Seen());

    presence.start("127.0.0.1", 7001).get(5, TimeUnit.SECONDS);

    await().until(presence::synced);
    await()
        .until(
            () ->
                up.requests().stream().filter(r -> r.equals("PUT /v1/peers/Sam/presence")).count()
                    >= 3);
    assertThat(presence.registryReachable()).isTrue();
  }

  @Test
  void refusedTimedOutCutAnd5xxMoveOnButAnAnswerOrOurOwnCancelDoesNot() {
    assertThat(
            RegistryClient.worthAnotherInstance(
                new CompletionException(new ConnectException("refused"))))
        .isTrue();
    assertThat(RegistryClient.worthAnotherInstance(new HttpTimeoutException("timed out"))).isTrue();
    assertThat(
            RegistryClient.worthAnotherInstance(
                new RegistryException(503, null, "unavailable", null)))
        .isTrue();
    assertThat(
            RegistryClient.worthAnotherInstance(
                new RegistryException(409, null, "stale epoch", null)))
        .isFalse();
    assertThat(
            RegistryClient.worthAnotherInstance(
                new RegistryException(401, null, "bad signature", null)))
        .isFalse();
    assertThat(RegistryClient.worthAnotherInstance(new CancellationException())).isFalse();
  }

  @Test
  void theFirstOfTheRegistriesIsTheDiscoveryAddress() {
    URI a = URI.create("http://127.0.0.1:8000");
    URI b = URI.create("http://127.0.0.1:8001");
    PresenceConfig config =
        new PresenceConfig(
            List.of(a, b),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            Duration.ofMillis(100),
            Duration.ofSeconds(2));
    assertThat(config.discovery()).isEqualTo(a);
    assertThat(config.registries()).containsExactly(a, b);
    assertThat(config.attemptTimeout())
        .as("a hung instance is left within a heartbeat")
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(PresenceConfig.defaults(a).attemptTimeout())
        .isEqualTo(PresenceConfig.DEFAULT_REQUEST_TIMEOUT);
  }
}

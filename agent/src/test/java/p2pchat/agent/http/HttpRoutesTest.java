package p2pchat.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The route registry script webhooks will use: clashes and bad paths are refused at add. */
class HttpRoutesTest {
  private static final HttpRoute OK =
      r -> CompletableFuture.completedFuture(HttpReply.error(200, "ok"));

  private static HttpRoutes withBuiltIns() {
    HttpRoutes routes = new HttpRoutes();
    routes.addBuiltIn("GET", "/health", OK, true);
    routes.addBuiltIn("POST", "/send", OK, false);
    return routes;
  }

  @Test
  void aWebhookIsAddedFoundAndRemovedAndNeedsTheToken() {
    HttpRoutes routes = withBuiltIns();
    routes.add("post", "/deploy", OK);
    assertThat(routes.find("/deploy")).get().extracting(HttpRoutes.Entry::open).isEqualTo(false);
    assertThat(routes.paths()).containsEntry("/deploy", "POST").containsEntry("/send", "POST");
    assertThat(routes.remove("/deploy")).isTrue();
    assertThat(routes.find("/deploy")).isEmpty();
  }

  @Test
  void aPathOfABuiltInRouteOrOfAnotherWebhookIsRefusedAndBuiltInsCannotBeRemoved() {
    HttpRoutes routes = withBuiltIns();
    assertThatThrownBy(() -> routes.add("POST", "/send", OK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("/send is a built-in route of the agent's HTTP side (POST); pick another path");
    assertThatThrownBy(() -> routes.add("GET", "/health", OK))
        .hasMessageContaining("built-in route");
    routes.add("POST", "/deploy", OK);
    assertThatThrownBy(() -> routes.add("PUT", "/deploy", OK))
        .hasMessage("/deploy is taken by another route (POST); pick another path");
    assertThat(routes.remove("/send")).isFalse();
    assertThat(routes.find("/send")).isPresent();
  }

  @Test
  void aMalformedPathOrMethodIsRefusedSayingWhatIsAllowed() {
    HttpRoutes routes = withBuiltIns();
    assertThatThrownBy(() -> routes.add("POST", "deploy", OK))
        .hasMessageContaining("like '/deploy'");
    assertThatThrownBy(() -> routes.add("POST", "/deploy?x=1", OK))
        .hasMessageContaining("no query");
    assertThatThrownBy(() -> routes.add("POST", "/", OK)).hasMessageContaining("not a route path");
    assertThatThrownBy(() -> routes.add("FETCH", "/deploy", OK))
        .hasMessageContaining("not an HTTP method");
  }

  @Test
  void aTtlReadsLikeTheScriptsDurationWords() {
    assertThat(SendRoute.ttl("30s")).hasSeconds(30);
    assertThat(SendRoute.ttl("500ms")).hasMillis(500);
    assertThat(SendRoute.ttl("1.5min")).hasSeconds(90);
    assertThatThrownBy(() -> SendRoute.ttl("0s")).hasMessageContaining("positive");
    assertThatThrownBy(() -> SendRoute.ttl("30 parsecs")).hasMessageContaining("field 'ttl'");
  }
}

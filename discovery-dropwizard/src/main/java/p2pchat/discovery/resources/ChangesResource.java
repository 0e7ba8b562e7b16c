package p2pchat.discovery.resources;

import io.dropwizard.util.Duration;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.CompletionCallback;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import p2pchat.discovery.api.Changes;
import p2pchat.discovery.core.ApiException;
import p2pchat.discovery.core.ChangeFeed;

/**
 * {@code GET /v1/peers/changes?since=N&wait=30s}: a blocking query in the Consul manner. The
 * request is suspended, not parked on a thread. Without {@code wait} it waits 30 s; the wait is
 * capped by the configured {@code maxWait}. Stateless and thread-safe.
 */
@Path("/v1/peers/changes")
@Produces(MediaType.APPLICATION_JSON)
public final class ChangesResource {
  private static final long DEFAULT_WAIT_MILLIS = 30_000;

  private final ChangeFeed feed;
  private final long maxWaitMillis;

  public ChangesResource(ChangeFeed feed, long maxWaitMillis) {
    this.feed = feed;
    this.maxWaitMillis = maxWaitMillis;
  }

  @GET
  public void changes(
      @QueryParam("since") String since,
      @QueryParam("wait") String wait,
      @Suspended AsyncResponse response) {
    Runnable forget =
        feed.await(
            version(since),
            Math.min(waitMillis(wait), maxWaitMillis),
            new ChangeFeed.Answer() {
              @Override
              public void resume(Changes changes) {
                response.resume(changes);
              }

              @Override
              public void fail(Throwable error) {
                response.resume(error);
              }
            });
    response.register((CompletionCallback) failure -> forget.run());
  }

  private static long version(String since) {
    if (since == null || since.isEmpty()) {
      return 0;
    }
    try {
      long v = Long.parseLong(since);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.invalid(
        "since must be a version number >= 0 (from a previous answer): '%s'", since);
  }

  private static long waitMillis(String wait) {
    if (wait == null || wait.isEmpty()) {
      return DEFAULT_WAIT_MILLIS;
    }
    try {
      return Duration.parse(wait).toMilliseconds();
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("wait must be a duration such as 30s or 500ms: '%s'", wait);
    }
  }
}

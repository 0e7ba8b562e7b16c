package p2pchat.agent.http;

import java.util.concurrent.CompletableFuture;

/**
 * What answers one method and path. Called on the agent's HTTP threads (never an event loop); it
 * may read the store there, but answers through the future, so a commit is awaited without holding
 * a thread. A route that throws {@link IllegalArgumentException} gets a 400 with its message.
 */
@FunctionalInterface
public interface HttpRoute {
  CompletableFuture<HttpReply> answer(HttpRequest request) throws Exception;
}

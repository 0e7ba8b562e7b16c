/**
 * The agent's HTTP side ({@code p2pchat agent --http PORT}): {@code GET /health}, {@code GET
 * /metrics} (Prometheus text, from Micrometer) and {@code POST /send}, behind a bearer token except
 * for {@code /health}. A Netty HTTP server on the event loops the agent's links use; every route
 * runs on the agent's HTTP threads, never on an event loop, and answers when its future completes
 * (a send: after the commit). {@link p2pchat.agent.http.HttpRoutes} is where more routes (script
 * webhooks) are added, refused when they clash with a built-in one. Depends on the agent's public
 * API only. docs/http.md.
 */
package p2pchat.agent.http;

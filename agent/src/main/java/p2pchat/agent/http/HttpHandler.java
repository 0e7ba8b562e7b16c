package p2pchat.agent.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.common.AgentMdc;
import p2pchat.agent.common.Causes;

/**
 * Turns one HTTP request into one route call and its reply into one response: checks the bearer
 * token (every route but an open one), picks the route by path (404 unknown, 405 wrong method),
 * runs it on the HTTP threads and writes what its future completes with. One request at a time per
 * connection (reading pauses until the answer is written), so replies keep their order. Shared by
 * every connection of one agent's HTTP side; holds no per-connection state. Thread-safe.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(HttpHandler.class);

  private final HttpRoutes routes;
  private final BearerToken token;
  private final Refusals refusals;
  private final Executor workers;
  private final AgentMdc mdc;

  HttpHandler(
      HttpRoutes routes, BearerToken token, Refusals refusals, Executor workers, AgentMdc mdc) {
    this.routes = routes;
    this.token = token;
    this.refusals = refusals;
    this.workers = workers;
    this.mdc = mdc;
  }

  @Override
  public boolean isSharable() {
    return true;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!request.decoderResult().isSuccess()) {
      write(ctx, HttpReply.error(400, "malformed HTTP request"), false);
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String path = uri.path();
    String method = request.method().name();
    HttpRoutes.Entry entry = routes.find(path).orElse(null);
    if ((entry == null || !entry.open())
        && !token.admits(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
      String why =
          request.headers().contains(HttpHeaderNames.AUTHORIZATION) ? "wrong token" : "no token";
      mdc.run(() -> refusals.refused(method + " " + path + " from " + remote(ctx) + ": " + why));
      write(
          ctx,
          HttpReply.error(401, "send 'Authorization: Bearer TOKEN' with the agent's HTTP token"),
          keepAlive);
      return;
    }
    if (entry == null) {
      write(
          ctx,
          HttpReply.error(404, "no route " + path + "; the routes are " + routes.paths().keySet()),
          keepAlive);
      return;
    }
    if (!entry.method().equals(method)) {
      write(
          ctx,
          HttpReply.error(405, path + " takes " + entry.method() + ", not " + method),
          keepAlive);
      return;
    }
    HttpRequest call = toCall(method, path, uri, request);
    ctx.channel().config().setAutoRead(false); // one request at a time: replies stay in order
    CompletableFuture<HttpReply> answer;
    try {
      answer = CompletableFuture.supplyAsync(() -> call, workers).thenCompose(r -> run(entry, r));
    } catch (RejectedExecutionException stopping) {
      answer = CompletableFuture.completedFuture(HttpReply.error(503, "the agent is stopping"));
    }
    answer.whenComplete(
        (reply, failure) -> {
          HttpReply out = failure == null ? reply : failed(entry, failure);
          write(ctx, out, keepAlive)
              .addListener(
                  f -> {
                    ctx.channel().config().setAutoRead(true);
                  });
        });
  }

  private CompletableFuture<HttpReply> run(HttpRoutes.Entry entry, HttpRequest request) {
    return mdc.call(
        () -> {
          try {
            CompletableFuture<HttpReply> reply = entry.route().answer(request);
            return reply != null
                ? reply
                : CompletableFuture.completedFuture(
                    HttpReply.error(500, "the route answered nothing"));
          } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(HttpReply.error(400, e.getMessage()));
          } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
          }
        });
  }

  private HttpReply failed(HttpRoutes.Entry entry, Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    mdc.run(
        () -> {
          log.warn("HTTP {} {} failed: {}", entry.method(), entry.path(), Causes.oneLine(cause));
          log.debug("HTTP route failure", cause);
        });
    return HttpReply.error(500, Causes.oneLine(cause));
  }

  private static HttpRequest toCall(
      String method, String path, QueryStringDecoder uri, FullHttpRequest request) {
    Map<String, String> headers = new HashMap<>();
    request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
    Map<String, List<String>> query = Map.copyOf(uri.parameters());
    return new HttpRequest(
        method, path, query, Map.copyOf(headers), ByteBufUtil.getBytes(request.content()));
  }

  private static io.netty.channel.ChannelFuture write(
      ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(reply.status()),
            Unpooled.wrappedBuffer(reply.body()));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
    HttpUtil.setContentLength(response, reply.body().length);
    if (reply.status() == 401) {
      response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
    }
    HttpUtil.setKeepAlive(response, keepAlive);
    io.netty.channel.ChannelFuture written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
    return written;
  }

  private static String remote(ChannelHandlerContext ctx) {
    return ctx.channel().remoteAddress() instanceof InetSocketAddress a
        ? a.getAddress().getHostAddress()
        : String.valueOf(ctx.channel().remoteAddress());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      ctx.close();
    } else {
      super.userEventTriggered(ctx, event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    mdc.run(
        () -> log.debug("HTTP connection from {} closed: {}", remote(ctx), Causes.oneLine(cause)));
    ctx.close();
  }
}

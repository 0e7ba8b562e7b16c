package p2pchat.agent.presence;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import p2pchat.agent.common.Causes;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.presence.RegistryJson.Changes;
import p2pchat.agent.presence.RegistryJson.Heartbeat;
import p2pchat.agent.presence.RegistryJson.Lease;
import p2pchat.agent.presence.RegistryJson.PeerList;
import p2pchat.agent.presence.RegistryJson.Registered;
import p2pchat.agent.presence.RegistryJson.Registration;

/**
 * The registry's /v1 HTTP API for one agent name, fully asynchronous over a shared HttpClient.
 * Every request has a timeout. Signed requests go out one after another, each signed when it is
 * sent, so the registry sees their timestamps in increasing order (it refuses one that is not
 * greater than the last it accepted). Thread-safe.
 *
 * <p>Given several registry instances (one database behind them, see docs/registry-api.md, "Several
 * instances"), it uses one at a time; a request that meets a refused connection, a timeout or a 5xx
 * moves to the next and is sent again there at once (signed anew), trying each instance once. Every
 * instance knows the lease, so the next heartbeat lands before it ends.
 */
final class RegistryClient {
  private static final String JSON = "application/json";

  private final List<String> bases;
  private final AtomicInteger current = new AtomicInteger();
  private final String self;
  private final Identity identity;
  private final RequestSigner signer;
  private final HttpClient http;
  private final String registrationToken;
  private final Duration timeout;
  private final Object signedLock = new Object();
  private CompletableFuture<?> lastSigned =
      CompletableFuture.completedFuture(null); // guarded by signedLock
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<CompletableFuture<?>> longPolls = ConcurrentHashMap.newKeySet();

  /** With a null {@code self} and {@code identity}, for unsigned reads only (a shared watch). */
  RegistryClient(URI discovery, String self, Identity identity, HttpClient http, Duration timeout) {
    this(List.of(discovery), self, identity, http, timeout);
  }

  /** Over several instances of one registry, tried in turn from the first. */
  RegistryClient(
      List<URI> registries, String self, Identity identity, HttpClient http, Duration timeout) {
    this(registries, self, identity, http, timeout, null, System::currentTimeMillis);
  }

  /**
   * With {@code registrationToken} (or null) sent on registrations, for a registry whose policy is
   * {@code token}, signing with timestamps of {@code clock} (epoch ms): the agent's own.
   */
  RegistryClient(
      List<URI> registries,
      String self,
      Identity identity,
      HttpClient http,
      Duration timeout,
      String registrationToken,
      java.util.function.LongSupplier clock) {
    this.registrationToken = registrationToken;
    if (registries.isEmpty()) {
      throw new IllegalArgumentException("at least one registry URL is needed");
    }
    this.bases =
        registries.stream()
            .map(URI::toString)
            .map(uri -> uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri)
            .toList();
    this.self = self;
    this.identity = identity;
    this.signer = identity == null ? null : new RequestSigner(identity, clock);
    this.http = http;
    this.timeout = timeout;
  }

  /** The instance in use now. */
  String base() {
    return bases.get(Math.floorMod(current.get(), bases.size()));
  }

  /** How many times this client moved to another instance. */
  int failovers() {
    return current.get();
  }

  CompletableFuture<Registered> register(String host, int port) {
    byte[] body =
        RegistryJson.write(new Registration(self, identity.publicKeyBase64(), host, port));
    return signed("POST", "/v1/peers", body, registrationToken)
        .thenApply(r -> RegistryJson.read(r.body(), Registered.class));
  }

  CompletableFuture<Lease> heartbeat(String host, int port, long epoch) {
    byte[] body = RegistryJson.write(new Heartbeat(host, port, epoch));
    return signed("PUT", "/v1/peers/" + self + "/presence", body)
        .thenApply(r -> RegistryJson.read(r.body(), Lease.class));
  }

  /** Renews many leases by their tokens in one unsigned request (POST /v1/leases). */
  CompletableFuture<RegistryJson.Renewed> renew(List<RegistryJson.Renewal> renewals) {
    byte[] body = RegistryJson.write(new RegistryJson.Renewals(renewals));
    return attempt(
            base ->
                send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/leases"))
                        .version(HttpClient.Version.HTTP_1_1)
                        .timeout(timeout)
                        .header("Accept", JSON)
                        .header("Content-Type", JSON)
                        .POST(BodyPublishers.ofByteArray(body))
                        .build()))
        .thenApply(r -> RegistryJson.read(r.body(), RegistryJson.Renewed.class));
  }

  /** Says "away": offline on purpose. */
  CompletableFuture<Void> away() {
    return signed("DELETE", "/v1/peers/" + self + "/presence", new byte[0]).thenApply(r -> null);
  }

  /** Removes this name's account. */
  CompletableFuture<Void> deleteAccount() {
    return signed("DELETE", "/v1/peers/" + self, new byte[0]).thenApply(r -> null);
  }

  CompletableFuture<PeerList> peers() {
    return attempt(base -> send(get(base, "/v1/peers", timeout)))
        .thenApply(r -> RegistryJson.read(r.body(), PeerList.class));
  }

  /** One peer, empty if the registry does not know the name (404). */
  CompletableFuture<Optional<RegistryPeer>> peer(String name) {
    return attempt(
            base ->
                track(
                        http.sendAsync(
                            get(base, "/v1/peers/" + name, timeout), BodyHandlers.ofByteArray()),
                        inFlight)
                    .thenApply(r -> r.statusCode() == 404 ? r : checked(r)))
        .thenApply(
            r -> {
              if (r.statusCode() == 404) {
                return Optional.<RegistryPeer>empty();
              }
              return Optional.of(RegistryJson.read(r.body(), RegistryPeer.class));
            });
  }

  /** Long-poll: returns once something changed after {@code since}, or after {@code wait}. */
  CompletableFuture<Changes> changes(long since, Duration wait) {
    String query = "?since=" + since + "&wait=" + wait.toMillis() + "ms";
    return attempt(
            base ->
                track(
                        track(
                            http.sendAsync(
                                get(base, "/v1/peers/changes" + query, wait.plus(timeout)),
                                BodyHandlers.ofByteArray()),
                            inFlight),
                        longPolls)
                    .thenApply(RegistryClient::checked))
        .thenApply(r -> RegistryJson.read(r.body(), Changes.class));
  }

  /**
   * Closes the connection of a waiting long-poll (its future fails with a CancellationException).
   */
  void cancelLongPolls() {
    longPolls.forEach(f -> f.cancel(true));
  }

  /** Cuts every request in flight, as a crashed process would. */
  void cancelAll() {
    inFlight.forEach(f -> f.cancel(true));
  }

  private static <T> CompletableFuture<T> track(
      CompletableFuture<T> request, Set<CompletableFuture<?>> set) {
    set.add(request);
    request.whenComplete((r, e) -> set.remove(request));
    return request;
  }

  /**
   * Sends {@code call} to the instance in use; on a failure worth another instance, moves on
   * (unless another request already did) and tries there, each instance once.
   */
  private <T> CompletableFuture<T> attempt(Function<String, CompletableFuture<T>> call) {
    return attempt(call, current.get(), bases.size());
  }

  private <T> CompletableFuture<T> attempt(
      Function<String, CompletableFuture<T>> call, int at, int left) {
    String base = bases.get(Math.floorMod(at, bases.size()));
    return call.apply(base)
        .handle(
            (r, e) -> {
              if (e == null) {
                return CompletableFuture.completedFuture(r);
              }
              if (left <= 1 || !worthAnotherInstance(e)) {
                return CompletableFuture.<T>failedFuture(e);
              }
              current.compareAndSet(at, at + 1);
              return attempt(call, current.get(), left - 1);
            })
        .thenCompose(f -> f);
  }

  /** Refused, timed out, cut, or a 5xx: another instance may answer. A 4xx is the answer. */
  static boolean worthAnotherInstance(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof java.util.concurrent.CancellationException) {
      return false; // we cut it ourselves
    }
    if (t instanceof RegistryException r) {
      return r.status() >= 500 || r.status() == 0;
    }
    return t instanceof java.io.IOException;
  }

  private HttpRequest get(String base, String pathAndQuery, Duration requestTimeout) {
    return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .version(HttpClient.Version.HTTP_1_1)
        .timeout(requestTimeout)
        .header("Accept", JSON)
        .GET()
        .build();
  }

  /** Queues a signed request behind the previous one; it is signed at the moment it is sent. */
  private CompletableFuture<HttpResponse<byte[]>> signed(String method, String path, byte[] body) {
    return signed(method, path, body, null);
  }

  private CompletableFuture<HttpResponse<byte[]>> signed(
      String method, String path, byte[] body, String token) {
    Supplier<CompletableFuture<HttpResponse<byte[]>>> call =
        () -> attempt(base -> judged(send(signedRequest(base, method, path, body, token))));
    synchronized (signedLock) {
      CompletableFuture<HttpResponse<byte[]>> next =
          lastSigned.handle((r, e) -> null).thenCompose(x -> call.get());
      lastSigned = next;
      return next;
    }
  }

  /** The header a registry whose registration policy is {@code token} asks for. */
  static final String REGISTRATION_TOKEN_HEADER = "X-P2P-Registration-Token";

  private HttpRequest signedRequest(
      String base, String method, String path, byte[] body, String token) {
    URI uri = URI.create(base + path);
    RequestSigner.Signed s = signer.sign(method, uri.getRawPath(), body);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .version(HttpClient.Version.HTTP_1_1)
            .timeout(timeout)
            .header("Accept", JSON)
            .header(RequestSigner.TIMESTAMP_HEADER, Long.toString(s.timestamp()))
            .header(RequestSigner.SIGNATURE_HEADER, s.signature());
    if (token != null) {
      b.header(REGISTRATION_TOKEN_HEADER, token);
    }
    if (body.length == 0) {
      b.method(method, BodyPublishers.noBody());
    } else {
      b.header("Content-Type", JSON).method(method, BodyPublishers.ofByteArray(body));
    }
    return b.build();
  }

  /** Tells the signer which of its timestamps the registry took and when it refused one. */
  private CompletableFuture<HttpResponse<byte[]>> judged(
      CompletableFuture<HttpResponse<byte[]>> response) {
    return response.whenComplete(
        (r, e) -> {
          if (r != null) {
            r.request()
                .headers()
                .firstValue(RequestSigner.TIMESTAMP_HEADER)
                .ifPresent(t -> signer.accepted(Long.parseLong(t)));
          } else if (Causes.root(e) instanceof RegistryException re && re.status() == 401) {
            signer.refused();
          }
        });
  }

  private CompletableFuture<HttpResponse<byte[]>> send(HttpRequest request) {
    return track(http.sendAsync(request, BodyHandlers.ofByteArray()), inFlight)
        .thenApply(RegistryClient::checked);
  }

  private static HttpResponse<byte[]> checked(HttpResponse<byte[]> r) {
    int status = r.statusCode();
    if (status >= 200 && status < 300) {
      return r;
    }
    String code = null;
    String message = "HTTP " + status;
    try {
      RegistryJson.Error error = RegistryJson.read(r.body(), RegistryJson.Error.class);
      code = error.code();
      if (error.message() != null) {
        message = error.message();
      }
    } catch (IllegalArgumentException notJson) {
      // keep "HTTP <status>": a proxy or a crashed registry may answer with plain text
    }
    throw new RegistryException(status, code, message, null);
  }
}

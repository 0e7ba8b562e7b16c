package p2pchat.discovery.resources;

import com.codahale.metrics.annotation.Timed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import p2pchat.discovery.api.ErrorBody;
import p2pchat.discovery.api.Peer;
import p2pchat.discovery.api.PeerList;
import p2pchat.discovery.api.RegisterRequest;
import p2pchat.discovery.api.Registered;
import p2pchat.discovery.core.ApiException;
import p2pchat.discovery.core.RegistrationLimit;
import p2pchat.discovery.core.RegistrationPolicy;
import p2pchat.discovery.core.Registry;

/** {@code /v1/peers}: register, list, look up, delete. Stateless and thread-safe. */
@Path("/v1/peers")
@Produces(MediaType.APPLICATION_JSON)
public final class PeersResource {
  /** Advice to clients, in a header so the JSON shapes stay exactly as specified. */
  static final String HEARTBEAT_HEADER = "X-P2P-Heartbeat-Millis";

  private final Registry registry;
  private final long heartbeatMillis;
  private final RegistrationLimit limit;
  private final RegistrationPolicy policy;

  public PeersResource(Registry registry, long heartbeatMillis) {
    this(
        registry,
        heartbeatMillis,
        new RegistrationLimit(0, System::currentTimeMillis),
        RegistrationPolicy.open());
  }

  public PeersResource(
      Registry registry, long heartbeatMillis, RegistrationLimit limit, RegistrationPolicy policy) {
    this.registry = registry;
    this.heartbeatMillis = heartbeatMillis;
    this.limit = limit;
    this.policy = policy;
  }

  @POST
  @Signed
  @Timed
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(
      RegisterRequest body,
      @Context ContainerRequestContext request,
      @Context HttpServletRequest http) {
    policy.check(request.getHeaderString(RegistrationPolicy.TOKEN_HEADER));
    long wait = limit.take(http.getRemoteAddr());
    if (wait > 0) {
      String message =
          String.format(
              "more than %d registrations a minute from %s; try again in %d s",
              limit.perMinute(), http.getRemoteAddr(), wait);
      return Response.status(429)
          .header("Retry-After", wait)
          .entity(new ErrorBody(429, message))
          .build();
    }
    Registry.Registration done = registry.register(body, BodyDigestFilter.signedRequest(request));
    return Response.status(done.created() ? 201 : 200)
        .entity(new Registered(done.epoch(), done.leaseToken()))
        .header(HEARTBEAT_HEADER, heartbeatMillis)
        .build();
  }

  @GET
  @Timed
  public PeerList list(@QueryParam("status") String status, @QueryParam("q") String q) {
    return registry.list(status, q);
  }

  @GET
  @Path("/{name}")
  @Timed
  public Peer find(@PathParam("name") String name) {
    return registry.find(name).orElseThrow(() -> ApiException.notFound("no peer named '%s'", name));
  }

  @DELETE
  @Path("/{name}")
  @Signed
  @Timed
  public Response delete(@PathParam("name") String name, @Context ContainerRequestContext request) {
    registry.delete(name, BodyDigestFilter.signedRequest(request));
    return Response.noContent().build();
  }
}

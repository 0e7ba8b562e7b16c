package p2pchat.discovery.resources;

import com.codahale.metrics.annotation.Timed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import p2pchat.discovery.api.Heartbeat;
import p2pchat.discovery.api.Lease;
import p2pchat.discovery.core.Registry;

/**
 * {@code /v1/peers/{name}/presence}: signed heartbeats and going away. Stateless and thread-safe.
 */
@Path("/v1/peers/{name}/presence")
@Produces(MediaType.APPLICATION_JSON)
public final class PresenceResource {
  /** Advice to clients, in a header so the JSON shapes stay exactly as specified. */
  static final String HEARTBEAT_HEADER = PeersResource.HEARTBEAT_HEADER;

  private final Registry registry;
  private final long heartbeatMillis;

  public PresenceResource(Registry registry, long heartbeatMillis) {
    this.registry = registry;
    this.heartbeatMillis = heartbeatMillis;
  }

  @PUT
  @Signed
  @Timed
  @Consumes(MediaType.APPLICATION_JSON)
  public Response heartbeat(
      @PathParam("name") String name, Heartbeat body, @Context ContainerRequestContext request) {
    Lease lease = registry.heartbeat(name, body, BodyDigestFilter.signedRequest(request));
    return Response.ok(lease).header(HEARTBEAT_HEADER, heartbeatMillis).build();
  }

  @DELETE
  @Signed
  @Timed
  public Response away(@PathParam("name") String name, @Context ContainerRequestContext request) {
    registry.away(name, BodyDigestFilter.signedRequest(request));
    return Response.noContent().build();
  }
}

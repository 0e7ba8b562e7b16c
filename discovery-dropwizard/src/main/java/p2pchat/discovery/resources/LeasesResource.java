package p2pchat.discovery.resources;

import com.codahale.metrics.Meter;
import com.codahale.metrics.annotation.Timed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import p2pchat.discovery.api.Renewals;
import p2pchat.discovery.api.Renewed;
import p2pchat.discovery.core.Registry;

/**
 * {@code /v1/leases}: cheap renewals of many leases at once, each by its lease token instead of a
 * signature (docs/registry-api.md, "Leases and epochs"). Stateless and thread-safe.
 */
@Path("/v1/leases")
@Produces(MediaType.APPLICATION_JSON)
public final class LeasesResource {
  private final Registry registry;
  private final long heartbeatMillis;
  private final Meter renewals;

  public LeasesResource(Registry registry, long heartbeatMillis, Meter renewals) {
    this.registry = registry;
    this.heartbeatMillis = heartbeatMillis;
    this.renewals = renewals;
  }

  @POST
  @Timed
  @Consumes(MediaType.APPLICATION_JSON)
  public Response renew(Renewals body) {
    Renewed answer = registry.renew(body);
    renewals.mark(answer.renewals().stream().filter(r -> r.leaseToken() != null).count());
    return Response.ok(answer).header(PeersResource.HEARTBEAT_HEADER, heartbeatMillis).build();
  }
}

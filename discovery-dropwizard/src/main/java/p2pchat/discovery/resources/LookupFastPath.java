package p2pchat.discovery.resources;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import p2pchat.discovery.api.Peer;
import p2pchat.discovery.core.PeerRules;
import p2pchat.discovery.db.PeerRow;
import p2pchat.discovery.db.RegistryDatabase;

/**
 * Answers {@code GET /v1/peers/{name}} for a known peer without going through Jersey, which costs
 * several times the lookup itself; lookups are what every agent does most. Anything else (unknown
 * peer, bad name, other paths) goes on to {@link PeersResource}, so answers and errors keep one
 * shape. Reads the database on every call: nothing cached. Thread-safe.
 */
public final class LookupFastPath implements Filter {
  private static final String PREFIX = "/v1/peers/";

  private final RegistryDatabase db;
  private final ObjectWriter json;
  private final Timer timer;

  public LookupFastPath(RegistryDatabase db, ObjectMapper mapper, MetricRegistry metrics) {
    this.db = db;
    this.json = mapper.writerFor(Peer.class);
    this.timer = metrics.timer(MetricRegistry.name(PeersResource.class, "find", "fast"));
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String name = lookupName((HttpServletRequest) request);
    if (name != null) {
      try (Timer.Context ignored = timer.time()) {
        Optional<PeerRow> row = db.findPeer(name).filter(r -> !r.deleted());
        if (row.isPresent()) {
          byte[] body = json.writeValueAsBytes(row.get().toPeer());
          HttpServletResponse http = (HttpServletResponse) response;
          http.setStatus(200);
          http.setContentType("application/json");
          http.setContentLength(body.length);
          http.getOutputStream().write(body);
          return;
        }
      }
    }
    chain.doFilter(request, response);
  }

  /** The peer name of a plain lookup, or null for any other request. */
  private static String lookupName(HttpServletRequest request) {
    if (!"GET".equals(request.getMethod()) || request.getQueryString() != null) {
      return null;
    }
    String uri = request.getRequestURI();
    if (!uri.startsWith(PREFIX) || uri.indexOf('/', PREFIX.length()) >= 0) {
      return null;
    }
    String name = uri.substring(PREFIX.length());
    return PeerRules.registrableName(name) ? name : null;
  }
}

package p2pchat.discovery.tls;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpsConnectorFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.discovery.files.UserPath;

/**
 * Readies every {@code type: https} connector of a server before Jetty opens it: a keystore file
 * that does not exist yet is made (see {@link RegistryKeystore}) with the connector's {@code
 * keyStorePassword}, and the certificate's SHA-256 fingerprint is logged once per connector so an
 * operator can pin it. Stateless; thread-safe.
 */
public final class HttpsConnectors {
  private static final Logger log = LoggerFactory.getLogger(HttpsConnectors.class);

  private HttpsConnectors() {}

  /** The keystores of the HTTPS connectors, application connectors first; empty without any. */
  public static List<RegistryKeystore.Prepared> prepare(ServerFactory server) {
    List<RegistryKeystore.Prepared> prepared = new ArrayList<>();
    for (ConnectorFactory connector : connectors(server)) {
      if (connector instanceof HttpsConnectorFactory https
          && https.getKeyStorePath() != null
          && https.getKeyStorePassword() != null) {
        prepared.add(prepare(https));
      }
    }
    return prepared;
  }

  private static RegistryKeystore.Prepared prepare(HttpsConnectorFactory https) {
    Path file = UserPath.expand(https.getKeyStorePath());
    https.setKeyStorePath(file.toString());
    RegistryKeystore.Prepared p =
        RegistryKeystore.prepare(
            file,
            https.getKeyStorePassword(),
            https.getKeyStoreType(),
            https.getCertAlias(),
            List.of(https.getBindHost() == null ? "" : https.getBindHost()));
    if (p.generated()) {
      log.info("made a new keystore {} with a self-signed certificate", file);
    }
    log.info(
        "HTTPS certificate SHA-256 fingerprint {} (keystore {}); agents pin it with --registry-fingerprint {}",
        p.fingerprint(),
        file,
        p.fingerprint());
    return p;
  }

  private static List<ConnectorFactory> connectors(ServerFactory server) {
    List<ConnectorFactory> all = new ArrayList<>();
    if (server instanceof DefaultServerFactory d) {
      all.addAll(d.getApplicationConnectors());
      all.addAll(d.getAdminConnectors());
    } else if (server instanceof SimpleServerFactory s) {
      all.add(s.getConnector());
    }
    return all;
  }
}

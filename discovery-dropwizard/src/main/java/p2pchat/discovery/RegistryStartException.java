package p2pchat.discovery;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.net.BindException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import p2pchat.discovery.db.DatabaseOpenException;
import p2pchat.discovery.tls.TlsSetupException;

/**
 * The registry could not start; the message is one line saying why and what to do (port in use,
 * database or keystore unusable, settings invalid). Immutable.
 */
public final class RegistryStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final Pattern BIND_PORT = Pattern.compile(":(\\d+)\\D*$");

  RegistryStartException(String message, Throwable cause) {
    super(message, cause);
  }

  static void checkValid(DiscoveryConfiguration config, Validator validator) {
    Set<ConstraintViolation<DiscoveryConfiguration>> problems = validator.validate(config);
    if (!problems.isEmpty()) {
      throw new RegistryStartException(
          "invalid registry settings: "
              + problems.stream()
                  .map(v -> (v.getPropertyPath() + " " + v.getMessage()).strip())
                  .sorted()
                  .collect(Collectors.joining("; ")),
          null);
    }
  }

  /** The one-line explanation of a failed start. */
  static RegistryStartException explain(Throwable e, DiscoveryConfiguration config) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DatabaseOpenException || t instanceof TlsSetupException) {
        return new RegistryStartException(t.getMessage(), e);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return new RegistryStartException(portInUse(e, config), e);
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason = root.getMessage() == null ? root.toString() : root.getMessage();
    return new RegistryStartException(
        "the registry could not start: " + reason.replaceAll("\\s+", " "), e);
  }

  private static String portInUse(Throwable e, DiscoveryConfiguration config) {
    int port = -1;
    for (Throwable t = e; t != null && port < 0; t = t.getCause()) {
      Matcher m = t.getMessage() == null ? null : BIND_PORT.matcher(t.getMessage());
      if (m != null && m.find()) {
        port = Integer.parseInt(m.group(1));
      }
    }
    if (port > 0 && port == adminPort(config)) {
      return "admin port " + port + " is already in use; pick another with --admin-port";
    }
    return "port " + (port > 0 ? port : "") + " is already in use; pick another with --port";
  }

  private static int adminPort(DiscoveryConfiguration config) {
    if (config.getServerFactory() instanceof io.dropwizard.core.server.DefaultServerFactory server
        && !server.getAdminConnectors().isEmpty()
        && server.getAdminConnectors().get(0)
            instanceof io.dropwizard.jetty.HttpConnectorFactory http) {
      return http.getPort();
    }
    return -1;
  }
}

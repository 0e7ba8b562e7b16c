package p2pchat.agent;

import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import p2pchat.agent.tls.RegistryTls;

/**
 * How an agent trusts the certificate of an {@code https://} registry: the JDK's CA certificates
 * (the default, for a certificate a public CA signed), one pinned certificate (the SHA-256
 * fingerprint {@code p2pchat discovery --https} prints), or the certificates of a trust store file.
 * Plain {@code http://} registries ignore it. Immutable values; see docs/registry-api.md,
 * "Transport".
 */
public sealed interface RegistryTrust {

  /** The JDK's default trust: certificates that chain to a CA the JVM trusts. */
  static RegistryTrust jdkDefault() {
    return JdkDefault.INSTANCE;
  }

  /**
   * Exactly the certificate with this SHA-256 fingerprint (64 hex digits; colons and case are
   * ignored). The pin replaces CA trust; the host name must still be one the certificate names.
   *
   * @throws IllegalArgumentException with a one-line message when it is not a SHA-256 in hex
   */
  static RegistryTrust pinned(String sha256) {
    return new Pinned(sha256);
  }

  /** The certificates in a PKCS12 or JKS trust store; {@code password} may be null. */
  static RegistryTrust trustStore(Path file, String password) {
    return new TrustStore(file, password);
  }

  /**
   * The TLS context that trusts what this says.
   *
   * @throws IllegalArgumentException with a one-line message when a trust store cannot be read
   */
  SSLContext sslContext();

  /** The JDK's CA certificates. */
  record JdkDefault() implements RegistryTrust {
    static final JdkDefault INSTANCE = new JdkDefault();

    @Override
    public SSLContext sslContext() {
      return RegistryTls.jdkDefault();
    }
  }

  /** One certificate, by the SHA-256 of its DER encoding, kept as 64 lowercase hex digits. */
  record Pinned(String fingerprint) implements RegistryTrust {
    public Pinned {
      fingerprint = RegistryTls.normalizeFingerprint(fingerprint);
    }

    @Override
    public SSLContext sslContext() {
      return RegistryTls.pinned(fingerprint);
    }
  }

  /** A trust store file; its password is left out of {@link #toString()}. */
  record TrustStore(Path file, String password) implements RegistryTrust {
    public TrustStore {
      Objects.requireNonNull(file, "file");
    }

    @Override
    public SSLContext sslContext() {
      return RegistryTls.trustStore(file, password);
    }

    @Override
    public String toString() {
      return "TrustStore[file=" + file + "]";
    }
  }
}

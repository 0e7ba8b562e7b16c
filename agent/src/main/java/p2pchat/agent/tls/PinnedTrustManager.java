package p2pchat.agent.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts exactly one server certificate, by its SHA-256 fingerprint: pinning replaces CA trust.
 * Being a plain X509TrustManager, the JDK still checks the host name against the certificate and
 * the algorithm constraints around it. Immutable; thread-safe.
 */
final class PinnedTrustManager implements X509TrustManager {
  private final String fingerprint;

  PinnedTrustManager(String fingerprint) {
    this.fingerprint = RegistryTls.normalizeFingerprint(fingerprint);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the registry showed no certificate");
    }
    String actual = RegistryTls.fingerprint(chain[0]);
    if (!actual.equals(fingerprint)) {
      throw new CertificateException(
          "its certificate's SHA-256 fingerprint is "
              + actual
              + ", not the pinned "
              + fingerprint
              + "; if the registry's certificate changed on purpose, pin the one it prints at start "
              + "(--registry-fingerprint), otherwise this is not the registry you meant");
    }
    chain[0].checkValidity();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("this trust manager is for the registry's certificate only");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}

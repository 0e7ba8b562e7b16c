package p2pchat.agent.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts for talking to the registry over HTTPS: the JDK's default trust, one pinned
 * certificate, or a trust store file. Stateless; thread-safe.
 */
public final class RegistryTls {
  private RegistryTls() {}

  public static SSLContext jdkDefault() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no default TLS context: " + e.getMessage(), e);
    }
  }

  /** Trusts exactly the certificate whose SHA-256 is {@code fingerprint} (normalized). */
  public static SSLContext pinned(String fingerprint) {
    return context(new TrustManager[] {new PinnedTrustManager(fingerprint)});
  }

  /** Trusts the certificates in a PKCS12 or JKS file (the JDK reads either by its content). */
  public static SSLContext trustStore(Path file, String password) {
    KeyStore store;
    try (InputStream in = Files.newInputStream(file)) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, password == null ? null : password.toCharArray());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "the trust store " + file + " does not exist; check the path");
    } catch (IOException e) {
      if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
        throw new IllegalArgumentException(
            "cannot open the trust store "
                + file
                + ": the password does not fit; "
                + "give the right one with --registry-truststore-password");
      }
      throw new IllegalArgumentException(
          "cannot read the trust store "
              + file
              + " ("
              + oneLine(e)
              + "); give a PKCS12 or JKS file");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read the trust store " + file + ": " + oneLine(e));
    }
    try {
      boolean anyCertificate = false;
      for (String alias : Collections.list(store.aliases())) {
        anyCertificate |= store.isCertificateEntry(alias) || store.getCertificate(alias) != null;
      }
      if (!anyCertificate) {
        throw new IllegalArgumentException(
            "the trust store "
                + file
                + " holds no certificate"
                + (password == null
                    ? " it can show without a password; give it with --registry-truststore-password"
                    : "; add the registry's certificate to it"));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return context(factory.getTrustManagers());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the trust store " + file + ": " + oneLine(e));
    }
  }

  /**
   * A SHA-256 fingerprint as 64 lowercase hex digits; accepts upper case and the colons or spaces
   * other tools print between bytes.
   */
  public static String normalizeFingerprint(String text) {
    String hex = text == null ? "" : text.replaceAll("[:\\s]", "").toLowerCase(Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "a registry fingerprint is the 64 hex digits of a SHA-256, as "
              + "'p2pchat discovery --https' prints it, not '"
              + text
              + "'");
    }
    return hex;
  }

  /** Lowercase hex of the SHA-256 of the certificate's DER encoding. */
  static String fingerprint(Certificate certificate) throws CertificateEncodingException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static SSLContext context(TrustManager[] trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make a TLS context: " + e.getMessage(), e);
    }
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ");
  }
}

package p2pchat.discovery.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The registry's TLS keystore: made on first start when the file does not exist (an EC P-256 key
 * and a self-signed certificate naming localhost, 127.0.0.1, ::1 and the address the registry
 * binds, in a PKCS12 file of mode 600), read as it is afterwards. Its certificate's SHA-256
 * fingerprint is what agents pin (docs/registry-api.md, "Transport"). Stateless; thread-safe.
 */
public final class RegistryKeystore {
  static final String ALIAS = "p2pchat-registry";
  private static final Duration VALIDITY = Duration.ofDays(5 * 365);
  private static final String OWNER_ONLY = "rw-------";

  private RegistryKeystore() {}

  /**
   * A keystore ready for Jetty: the file, its certificate's fingerprint, and whether it was made
   * just now.
   */
  public record Prepared(Path file, String fingerprint, boolean generated) {}

  /**
   * Reads {@code file}, or makes it first if it does not exist.
   *
   * @param hosts names and addresses the certificate must answer for, beside the loopback ones
   * @param alias the entry to fingerprint, or null for the first key entry
   * @throws TlsSetupException with a one-line message when the file cannot be read or written
   */
  public static Prepared prepare(
      Path file, String password, String type, String alias, List<String> hosts) {
    boolean generated = false;
    if (!Files.exists(file)) {
      generate(file, password, hosts);
      generated = true;
    }
    return new Prepared(file, fingerprint(leaf(file, password, type, alias)), generated);
  }

  /**
   * The password of {@code keystore}, kept in {@code <keystore>.password} (mode 600). When neither
   * file exists a new random password is written there, for {@link #prepare} to make the keystore
   * with.
   */
  public static String passwordBeside(Path keystore) {
    Path file = passwordFile(keystore);
    try {
      if (Files.exists(file)) {
        String password = Files.readString(file).strip();
        if (password.isEmpty()) {
          throw new TlsSetupException(
              "the keystore password file "
                  + file
                  + " is empty; write the password of "
                  + keystore
                  + " into it, or remove both files to have new ones made");
        }
        return password;
      }
      if (Files.exists(keystore)) {
        throw new TlsSetupException(
            "the keystore "
                + keystore
                + " exists but its password file "
                + file
                + " does not; write the keystore's password there (mode 600), or remove the keystore to have a new one made");
      }
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String password = HexFormat.of().formatHex(random);
      writeOwnerOnly(file, (password + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return password;
    } catch (IOException e) {
      throw new TlsSetupException(
          "cannot use the keystore password file "
              + file
              + ": "
              + reason(e)
              + "; check that folder's permissions",
          e);
    }
  }

  public static Path passwordFile(Path keystore) {
    return keystore.resolveSibling(keystore.getFileName() + ".password");
  }

  /** Lowercase hex of the SHA-256 of the certificate's DER encoding, no separators. */
  public static String fingerprint(Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static X509Certificate leaf(Path file, String password, String type, String alias) {
    KeyStore store;
    try (InputStream in = Files.newInputStream(file)) {
      store = KeyStore.getInstance(type == null ? "PKCS12" : type);
      store.load(in, password.toCharArray());
    } catch (IOException e) {
      // A wrong password shows as an IOException whose cause is an UnrecoverableKeyException.
      if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
        throw new TlsSetupException(
            "cannot open the keystore "
                + file
                + ": the password does not fit; give the right "
                + "one, or remove the keystore to have a new one made",
            e);
      }
      throw new TlsSetupException(
          "cannot read the keystore "
              + file
              + ": "
              + reason(e)
              + "; give a PKCS12 keystore, or remove it to have a new one made",
          e);
    } catch (GeneralSecurityException e) {
      throw new TlsSetupException("cannot read the keystore " + file + ": " + reason(e), e);
    }
    try {
      for (String name : alias != null ? List.of(alias) : Collections.list(store.aliases())) {
        if (store.isKeyEntry(name) && store.getCertificate(name) instanceof X509Certificate x509) {
          return x509;
        }
      }
    } catch (GeneralSecurityException e) {
      throw new TlsSetupException("cannot read the keystore " + file + ": " + reason(e), e);
    }
    throw new TlsSetupException(
        "the keystore "
            + file
            + " holds no key with a certificate"
            + (alias != null ? " under the alias " + alias : "")
            + "; give one that does, or remove it to have a new one made");
  }

  private static void generate(Path file, String password, List<String> hosts) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      X509Certificate certificate = selfSigned(pair, hosts);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          ALIAS, pair.getPrivate(), password.toCharArray(), new Certificate[] {certificate});
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      store.store(bytes, password.toCharArray());
      writeOwnerOnly(file, bytes.toByteArray());
    } catch (IOException e) {
      throw new TlsSetupException(
          "cannot write the keystore "
              + file
              + ": "
              + reason(e)
              + "; check that folder's permissions or pick another file",
          e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(
          "cannot make a self-signed certificate: " + e.getMessage(), e);
    }
  }

  private static X509Certificate selfSigned(KeyPair pair, List<String> hosts)
      throws GeneralSecurityException, IOException, OperatorCreationException {
    X500Name subject = new X500Name("CN=p2pchat registry");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            new BigInteger(128, new SecureRandom()),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(VALIDITY)),
            subject,
            pair.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName, false, new GeneralNames(subjectNames(hosts)));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
  }

  /**
   * Loopback names always; a wildcard bind address stands for this machine's name and addresses.
   */
  private static GeneralName[] subjectNames(List<String> hosts) {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
    for (String host : hosts) {
      if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
        names.addAll(thisMachine());
      } else {
        names.add(host);
      }
    }
    return names.stream()
        .map(n -> new GeneralName(isAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
        .toArray(GeneralName[]::new);
  }

  private static Set<String> thisMachine() {
    Set<String> names = new LinkedHashSet<>();
    try {
      names.add(InetAddress.getLocalHost().getHostName());
      for (java.net.NetworkInterface nic :
          Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (!a.isLinkLocalAddress()) {
            names.add(a.getHostAddress().replaceFirst("%.*$", ""));
          }
        }
      }
    } catch (IOException e) {
      // the loopback names still stand; another name needs an own keystore
    }
    return names;
  }

  private static boolean isAddress(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Path temp =
        file.resolveSibling(
            file.getFileName() + ".tmp-" + Long.toHexString(new SecureRandom().nextLong()));
    try {
      try {
        Files.createFile(
            temp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY)));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(temp);
      }
      try (OutputStream out = Files.newOutputStream(temp)) {
        out.write(content);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file);
      }
    } catch (FileAlreadyExistsException e) {
      throw new IOException("it appeared while being written", e);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String reason(Exception e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ");
  }
}

package p2pchat.agent.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An agent's Ed25519 key pair, created on first start in its data directory and loaded afterwards.
 * Immutable and thread-safe (each {@link #sign} uses its own Signature).
 */
public final class Identity {
  static final String PRIVATE_KEY_FILE = "identity.key";

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private Identity(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** A fresh key pair kept only in memory (tests, benchmarks). */
  public static Identity generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new Identity(pair.getPrivate(), pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no Ed25519 support", e);
    }
  }

  /** Loads the key pair from {@code dataDir}, creating and saving one on first use. */
  public static Identity loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(PRIVATE_KEY_FILE);
    try {
      if (Files.exists(file)) {
        // Two lines: the private key (PKCS#8) and the public key (X.509), both base64.
        String[] lines = Files.readString(file).trim().split("\\s+");
        if (lines.length != 2) {
          throw new IllegalArgumentException("expected 2 lines, found " + lines.length);
        }
        byte[] pkcs8 = Base64.getDecoder().decode(lines[0]);
        PrivateKey priv =
            KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        return new Identity(priv, Keys.decode(lines[1]));
      }
      Identity created = generate();
      Files.createDirectories(dataDir);
      Path tmp = Files.createTempFile(dataDir, PRIVATE_KEY_FILE, ".tmp");
      Files.writeString(
          tmp,
          Base64.getEncoder().encodeToString(created.privateKey.getEncoded())
              + "\n"
              + created.publicKeyBase64()
              + "\n");
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return created;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read or write the key file " + file + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the key file " + file + " is damaged (" + e.getMessage() + "); restore it from a backup",
          e);
    }
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Base64 (standard, padded) of the X.509 SubjectPublicKeyInfo: the registry's {@code publicKey}.
   */
  public String publicKeyBase64() {
    return Keys.encode(publicKey);
  }

  /**
   * The Ed25519 signature of {@code data} (RFC 8032; the same bytes the JDK's signer gives). The
   * raw keys are kept, so a signature costs one scalar multiplication, not two (deriving the public
   * key again each time would double it).
   */
  public byte[] sign(byte[] data) {
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(rawSeed(), 0, rawPublic(), 0, data, 0, data.length, signature, 0);
    return signature;
  }

  private volatile byte[] seed;
  private volatile byte[] rawPublic;

  private byte[] rawSeed() {
    byte[] s = seed;
    return s != null ? s : (seed = seed());
  }

  /** The 32 raw bytes of the public key: the end of its X.509 encoding. */
  private byte[] rawPublic() {
    byte[] p = rawPublic;
    if (p == null) {
      byte[] encoded = publicKey.getEncoded();
      p =
          java.util.Arrays.copyOfRange(
              encoded, encoded.length - Ed25519.PUBLIC_KEY_SIZE, encoded.length);
      rawPublic = p;
    }
    return p;
  }

  private byte[] seed() {
    if (privateKey instanceof EdECPrivateKey ed) {
      return ed.getBytes()
          .orElseThrow(() -> new IllegalStateException("the Ed25519 private key has no raw form"));
    }
    throw new IllegalStateException("not an Ed25519 private key: " + privateKey.getAlgorithm());
  }
}

package p2pchat.agent.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
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

  /**
   * A fresh key pair kept only in memory (tests, benchmarks). The public key is derived by Bouncy
   * Castle (the JDK's takes milliseconds a key, which thousands of agents starting at once paid);
   * the keys are the JDK's key objects of the same bytes.
   */
  public static Identity generate() {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    RANDOM.nextBytes(seed);
    byte[] raw = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, raw, 0);
    try {
      byte[] pkcs8 = new byte[PKCS8_HEADER.length + seed.length];
      System.arraycopy(PKCS8_HEADER, 0, pkcs8, 0, PKCS8_HEADER.length);
      System.arraycopy(seed, 0, pkcs8, PKCS8_HEADER.length, seed.length);
      PrivateKey priv = Keys.factory().generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      Identity identity = new Identity(priv, Keys.fromRaw(raw));
      identity.seed = seed;
      identity.rawPublic = raw;
      return identity;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no Ed25519 support", e);
    }
  }

  /** A PKCS#8 Ed25519 private key is this 16-byte header, then the 32-byte seed (RFC 8410). */
  private static final byte[] PKCS8_HEADER = {
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
  };

  private static final SecureRandom RANDOM = new SecureRandom();

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
        PrivateKey priv = Keys.factory().generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
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

package p2pchat.bench.network;

import com.southernstorm.noise.protocol.CipherState;
import com.southernstorm.noise.protocol.Noise;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Why the record layer seals with the JDK's AES-GCM (docs/adr/0005-encrypted-links.md): MB/s of
 * sealing one 64 KiB record and one 200-byte record, one thread, for noise-java's ChaChaPoly and
 * AESGCM and the JDK's ChaCha20-Poly1305 and AES/GCM. Prints one line per cipher and size.
 *
 * <pre>
 * {@code java -cp "integration-tests/target/classes:$(cat integration-tests/target/classpath.txt)" p2pchat.bench.network.AeadSpeeds}
 * </pre>
 */
public final class AeadSpeeds {
  private AeadSpeeds() {}

  interface Seal {
    void seal(long n, byte[] plain, int length, byte[] out) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    byte[] key = new byte[32];
    CipherState chacha = Noise.createCipher("ChaChaPoly");
    chacha.initializeKey(key, 0);
    CipherState aesgcm = Noise.createCipher("AESGCM");
    aesgcm.initializeKey(key, 0);
    Cipher jdkChacha = Cipher.getInstance("ChaCha20-Poly1305");
    Cipher jdkGcm = Cipher.getInstance("AES/GCM/NoPadding");
    SecretKeySpec chachaKey = new SecretKeySpec(key, "ChaCha20");
    SecretKeySpec aesKey = new SecretKeySpec(key, "AES");
    for (int size : new int[] {200, 65_519}) {
      run("noise-java ChaChaPoly", size, (n, p, l, o) -> chacha.encryptWithAd(null, p, 0, o, 0, l));
      run("noise-java AESGCM", size, (n, p, l, o) -> aesgcm.encryptWithAd(null, p, 0, o, 0, l));
      run(
          "JDK ChaCha20-Poly1305",
          size,
          (n, p, l, o) -> {
            jdkChacha.init(Cipher.ENCRYPT_MODE, chachaKey, new IvParameterSpec(nonce(n)));
            jdkChacha.doFinal(p, 0, l, o, 0);
          });
      run(
          "JDK AES/GCM",
          size,
          (n, p, l, o) -> {
            jdkGcm.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, nonce(n)));
            jdkGcm.doFinal(p, 0, l, o, 0);
          });
    }
  }

  private static long counter;

  private static byte[] nonce(long n) {
    long v = ++counter; // never twice the same key and nonce, as the JDK insists
    byte[] iv = new byte[12];
    for (int i = 0; i < 8; i++) {
      iv[4 + i] = (byte) (v >>> (56 - 8 * i));
    }
    return iv;
  }

  private static void run(String name, int size, Seal seal) throws Exception {
    byte[] plain = new byte[size];
    byte[] out = new byte[size + 16];
    int count = 100_000_000 / (size + 200);
    double best = 0;
    for (int round = 0; round < 4; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        seal.seal(i, plain, size, out);
      }
      best = Math.max(best, (double) count * size / ((System.nanoTime() - start) / 1e9) / 1e6);
    }
    System.out.println(
        String.format(Locale.ROOT, "%-24s %6d-byte records: %,8.0f MB/s", name, size, best));
  }
}

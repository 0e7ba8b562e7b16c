package p2pchat.agent.wire;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Seals and opens small records under a throwaway key, once a JVM, on a daemon thread of its own,
 * so that the JIT compiles the JDK's AES-GCM with its hardware GHASH before links need it. Started
 * by the first transport made, so that it runs while agents start rather than beside their first
 * burst of links.
 *
 * <p>Why: the JDK computes GHASH with the CPU's carry-less multiply only in code that C2 compiled
 * (the intrinsic is applied at its call sites); until then GHASH runs in plain Java, about 15 times
 * slower here (260 MB/s against 4 GB/s). A busy link seals records of tens of kilobytes, so the
 * GHASH methods are called only about a thousand times a second and C2 reaches them after tens of
 * seconds on two loaded cores: the first minute of a busy link paid for it (docs/performance.md,
 * "Rooms"). About 40,000 operations of the lengths links seal (90 MB), 100 to 400 ms of one core,
 * once; then a few hundred handshakes (below), about as much again. Thread-safe.
 */
public final class AeadWarmUp {
  private static final int ROUNDS = 20_000;
  private static final int HANDSHAKES = 400;
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private AeadWarmUp() {}

  /** Starts the warm-up the first time it is called in this JVM; later calls do nothing. */
  public static void startOnce() {
    if (!STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(AeadWarmUp::run, "p2pchat-aead-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  private static void run() {
    try {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      SecretKeySpec spec = new SecretKeySpec(key, "AES");
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      byte[] plain = new byte[RecordCipher.MAX_PLAINTEXT];
      byte[] sealed = new byte[RecordCipher.MAX_RECORD];
      byte[] nonce = new byte[12];
      for (int i = 0; i < ROUNDS; i++) {
        nonce[8] = (byte) (i >>> 24);
        nonce[9] = (byte) (i >>> 16);
        nonce[10] = (byte) (i >>> 8);
        nonce[11] = (byte) i;
        int length = length(i);
        cipher.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(RecordCipher.TAG * 8, nonce));
        int n = cipher.doFinal(plain, 0, length, sealed, 0);
        cipher.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(RecordCipher.TAG * 8, nonce));
        cipher.doFinal(sealed, 0, n, plain, 0);
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // Only speed is at stake: the links seal and open as they would have without it.
    }
    handshakes();
  }

  /**
   * The length of the {@code i}th record: the lengths links seal, from a lone ACK to a full record,
   * most of them not a multiple of the 16-byte block. Warmed on one length only, C2 compiled GHASH
   * for it and threw the code away at the first record of another length, and the links then ran it
   * in plain Java until C2 came back (11 s later in a room bench).
   */
  static int length(int i) {
    if (i % 32 == 31) {
      return RecordCipher.MAX_PLAINTEXT - (i / 32) % 8 * 7_001;
    }
    return 1 + (int) ((i * 2_654_435_761L) >>> 21) % 2_048;
  }

  /**
   * Whole handshakes between two throwaway keys, so that the first links of a process (a thousand
   * agents sending at once, each link's handshake on the shared event loops) do not run X25519,
   * SHA-256 and the Ed25519 checks in the interpreter: cold, a burst of them outlasted the 5 s
   * handshake timeout.
   */
  private static void handshakes() {
    try {
      SecureRandom random = new SecureRandom();
      byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
      random.nextBytes(seed);
      byte[] identity = new byte[Ed25519.PUBLIC_KEY_SIZE];
      Ed25519.generatePublicKey(seed, 0, identity, 0);
      Function<byte[], byte[]> sign =
          data -> {
            byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
            Ed25519.sign(seed, 0, identity, 0, data, 0, data.length, signature, 0);
            return signature;
          };
      NoiseHandshake.Verifier verify =
          (data, signature) -> Ed25519.verify(signature, 0, identity, 0, data, 0, data.length);
      NoiseHandshake.StaticKey annKey = NoiseHandshake.StaticKey.generate(sign);
      NoiseHandshake.StaticKey bobKey = NoiseHandshake.StaticKey.generate(sign);
      for (int i = 0; i < HANDSHAKES; i++) {
        Frame.Hello hello =
            new Frame.Hello(NoiseHandshake.VERSION, "warm", "up", NoiseHandshake.newNonce(random));
        NoiseHandshake client = NoiseHandshake.initiator(annKey, hello);
        NoiseHandshake server = NoiseHandshake.responder(bobKey, hello);
        server.read(client.write());
        byte[] serverBinding = client.read(server.write());
        byte[] clientBinding = server.read(client.write());
        client.remoteIsBoundTo(serverBinding, verify);
        server.remoteIsBoundTo(clientBinding, verify);
        client.split();
        server.split();
      }
    } catch (RuntimeException e) {
      // as above: only speed is at stake
    }
  }
}

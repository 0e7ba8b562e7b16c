package p2pchat.agent.wire;

import com.southernstorm.noise.protocol.CipherState;
import com.southernstorm.noise.protocol.CipherStatePair;
import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The record layer of one connection after its handshake (docs/protocol.md): every byte either side
 * sends is cut into records of at most {@value #MAX_PLAINTEXT} bytes, each sealed with AES-256-GCM
 * (Noise's AESGCM) under the key of its direction and a counter nonce, and sent as a 2-byte
 * big-endian length and the ciphertext with its 16-byte tag. A record that fails authentication (a
 * flipped bit, a cut, a replayed or reordered record) is a {@link ProtocolException}: the
 * connection closes and nothing of it reaches the frame decoder. A direction's counter never
 * repeats: at {@code recordLimit} records the connection closes, and the link reconnects with fresh
 * keys (Noise's counters would wrap only after 2^64).
 *
 * <p>Not thread-safe: one per connection, used on its event loop.
 */
public final class RecordCipher {
  /** Largest record on the wire: Noise's limit for one message. */
  public static final int MAX_RECORD = 65535;

  public static final int TAG = 16;

  public static final int MAX_PLAINTEXT = MAX_RECORD - TAG;

  /** Records per direction before the connection is closed and made anew. */
  public static final long DEFAULT_RECORD_LIMIT = 1L << 60;

  private final Direction sender;
  private final Direction receiver;
  private long sealed;
  private long opened;
  private long recordLimit = DEFAULT_RECORD_LIMIT;
  private final byte[] plain = new byte[MAX_RECORD];
  private final byte[] cipher = new byte[MAX_RECORD];

  RecordCipher(CipherStatePair pair) {
    this.sender = Direction.of(pair.getSender());
    this.receiver = Direction.of(pair.getReceiver());
  }

  /** A lower record limit (tests of what happens when it is reached). */
  public RecordCipher withRecordLimit(long limit) {
    this.recordLimit = limit;
    return this;
  }

  /**
   * True if the records go through the JDK's AES-GCM (hardware AES and GHASH where the CPU has
   * them).
   */
  public boolean usesJdkAesGcm() {
    return sender instanceof JdkAesGcm && receiver instanceof JdkAesGcm;
  }

  /**
   * Seals {@code length} bytes from {@code in} (at most {@value #MAX_PLAINTEXT}) into {@code out}
   * as one record.
   */
  public void seal(ByteBuf in, int length, ByteBuf out) {
    if (length > MAX_PLAINTEXT) {
      throw new IllegalArgumentException(
          "a record holds at most " + MAX_PLAINTEXT + " bytes: " + length);
    }
    if (sealed >= recordLimit) {
      throw new ProtocolException(
          "this connection has sealed "
              + sealed
              + " records, its limit; reconnecting with new keys");
    }
    in.readBytes(plain, 0, length);
    try {
      int n = sender.seal(sealed, plain, length, cipher);
      out.writeShort(n).writeBytes(cipher, 0, n);
      sealed++;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not seal a record: " + e, e);
    }
  }

  /**
   * Opens one record's ciphertext ({@code length} bytes of {@code in}) into {@code out}; a record
   * that fails authentication is a {@link ProtocolException}.
   */
  public void open(ByteBuf in, int length, ByteBuf out) {
    if (length < TAG) {
      throw new ProtocolException("a record of " + length + " bytes is shorter than its tag");
    }
    if (opened >= recordLimit) {
      throw new ProtocolException(
          "the peer sent "
              + opened
              + " records, this connection's limit; reconnecting with new keys");
    }
    in.readBytes(cipher, 0, length);
    try {
      int n = receiver.open(opened, cipher, length, plain);
      out.writeBytes(plain, 0, n);
      opened++;
    } catch (GeneralSecurityException e) {
      throw new ProtocolException(
          "record "
              + opened
              + " failed authentication (altered, cut, replayed or reordered on the way)");
    }
  }

  /** One direction's AEAD with Noise's nonce for record {@code n}. */
  private interface Direction {
    int seal(long n, byte[] plain, int length, byte[] out) throws GeneralSecurityException;

    int open(long n, byte[] sealed, int length, byte[] out) throws GeneralSecurityException;

    /**
     * The JDK's AES-GCM with the key of noise-java's AES-GCM cipher state when it can be read, else
     * that cipher state itself. Both compute the same AEAD (Noise's AESGCM: AES-256-GCM, nonce 32
     * zero bits and the counter big-endian, 128-bit tag; {@code NoiseHandshakeTest} checks that
     * each opens what the other sealed); noise-java's computes GHASH in plain Java at about 80 MB/s
     * here, the JDK's with the CPU's carry-less multiply at several GB/s.
     */
    static Direction of(CipherState state) {
      SecretKeySpec key = JdkAesGcm.keyOf(state);
      return key != null ? new JdkAesGcm(key) : new Noise(state);
    }
  }

  /** The JDK's AES/GCM/NoPadding. */
  private static final class JdkAesGcm implements Direction {
    private final SecretKeySpec key;
    private final Cipher cipher;
    private final byte[] nonce = new byte[12];

    JdkAesGcm(SecretKeySpec key) {
      AeadWarmUp.startOnce();
      this.key = key;
      try {
        this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JVM has no AES/GCM", e);
      }
    }

    /**
     * The AES key noise-java's AES-GCM cipher state holds, or null if it is another kind or hides
     * it.
     */
    static SecretKeySpec keyOf(CipherState state) {
      if (!state
          .getClass()
          .getName()
          .equals("com.southernstorm.noise.protocol.AESGCMOnCtrCipherState")) {
        return null;
      }
      try {
        java.lang.reflect.Field field = state.getClass().getDeclaredField("keySpec");
        field.setAccessible(true);
        return field.get(state) instanceof SecretKeySpec spec && spec.getEncoded().length == 32
            ? spec
            : null;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }

    private GCMParameterSpec nonce(long n) {
      for (int i = 0; i < 8; i++) {
        nonce[4 + i] = (byte) (n >>> (56 - 8 * i));
      }
      return new GCMParameterSpec(TAG * 8, nonce);
    }

    @Override
    public int seal(long n, byte[] plain, int length, byte[] out) throws GeneralSecurityException {
      cipher.init(Cipher.ENCRYPT_MODE, key, nonce(n));
      return cipher.doFinal(plain, 0, length, out, 0);
    }

    @Override
    public int open(long n, byte[] sealed, int length, byte[] out) throws GeneralSecurityException {
      cipher.init(Cipher.DECRYPT_MODE, key, nonce(n));
      return cipher.doFinal(sealed, 0, length, out, 0);
    }
  }

  /** noise-java's own cipher state (its counter is the record number). */
  private static final class Noise implements Direction {
    private final CipherState state;

    Noise(CipherState state) {
      this.state = state;
    }

    @Override
    public int seal(long n, byte[] plain, int length, byte[] out) throws GeneralSecurityException {
      return state.encryptWithAd(null, plain, 0, out, 0, length);
    }

    @Override
    public int open(long n, byte[] sealed, int length, byte[] out) throws GeneralSecurityException {
      return state.decryptWithAd(null, sealed, 0, out, 0, length);
    }
  }
}

package p2pchat.agent.wire;

import com.southernstorm.noise.protocol.CipherState;
import com.southernstorm.noise.protocol.CipherStatePair;
import io.netty.buffer.ByteBuf;
import javax.crypto.BadPaddingException;
import javax.crypto.ShortBufferException;

/**
 * The record layer of one connection after its handshake (docs/protocol.md): every byte either
 * side sends is cut into records of at most {@value #MAX_PLAINTEXT} bytes, each sealed with
 * ChaCha20-Poly1305 under the key of its direction and a counter nonce, and sent as a 2-byte
 * big-endian length and the ciphertext with its 16-byte tag. A record that fails authentication
 * (a flipped bit, a cut, a replayed or reordered record) is a {@link ProtocolException}: the
 * connection closes and nothing of it reaches the frame decoder. A direction's counter never
 * repeats: at {@code recordLimit} records the connection closes, and the link reconnects with
 * fresh keys (Noise's counters would wrap only after 2^64).
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

  private final CipherState sender;
  private final CipherState receiver;
  private long sealed;
  private long opened;
  private long recordLimit = DEFAULT_RECORD_LIMIT;
  private final byte[] plain = new byte[MAX_RECORD];
  private final byte[] cipher = new byte[MAX_RECORD];

  RecordCipher(CipherStatePair pair) {
    this.sender = pair.getSender();
    this.receiver = pair.getReceiver();
  }

  /** A lower record limit (tests of what happens when it is reached). */
  public RecordCipher withRecordLimit(long limit) {
    this.recordLimit = limit;
    return this;
  }

  /** Seals {@code length} bytes from {@code in} (at most {@value #MAX_PLAINTEXT}) into {@code out} as one record. */
  public void seal(ByteBuf in, int length, ByteBuf out) {
    if (length > MAX_PLAINTEXT) {
      throw new IllegalArgumentException("a record holds at most " + MAX_PLAINTEXT + " bytes: " + length);
    }
    if (sealed >= recordLimit) {
      throw new ProtocolException("this connection has sealed " + sealed + " records, its limit; reconnecting with new keys");
    }
    in.readBytes(plain, 0, length);
    try {
      int n = sender.encryptWithAd(null, plain, 0, cipher, 0, length);
      out.writeShort(n).writeBytes(cipher, 0, n);
      sealed++;
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
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
      throw new ProtocolException("the peer sent " + opened + " records, this connection's limit; reconnecting with new keys");
    }
    in.readBytes(cipher, 0, length);
    try {
      int n = receiver.decryptWithAd(null, cipher, 0, plain, 0, length);
      out.writeBytes(plain, 0, n);
      opened++;
    } catch (BadPaddingException | ShortBufferException e) {
      throw new ProtocolException("record " + opened + " failed authentication (altered, cut, replayed or reordered on the way)");
    }
  }
}

package p2pchat.agent.wire;

import com.southernstorm.noise.protocol.DHState;
import com.southernstorm.noise.protocol.HandshakeState;
import com.southernstorm.noise.protocol.Noise;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.function.Function;
import javax.crypto.BadPaddingException;
import javax.crypto.ShortBufferException;

/**
 * The encrypted handshake of protocol {@value #VERSION} (docs/protocol.md): the client's plaintext
 * HELLO names the version and both names, then {@value #PROTOCOL} runs its three messages ({@code
 * -> e}, {@code <- e, ee, s, es}, {@code -> s, se}) with the HELLO in the prologue, so a changed
 * version or name breaks the handshake. Each side's static X25519 key is bound to the agent's
 * Ed25519 identity, the key the registry holds for its name, by a signature in that side's
 * handshake payload (as libp2p does). Ephemeral keys are fresh per connection: a stolen static or
 * identity key does not decrypt recorded traffic.
 *
 * <p>One instance per connection and side, used by one thread.
 */
public final class NoiseHandshake {
  /** The protocol version in HELLO; version 1 was the plaintext handshake. */
  public static final int VERSION = 2;

  public static final String PROTOCOL = "Noise_XX_25519_AESGCM_SHA256";

  /** HELLO's nonce: makes every prologue, and so every handshake hash, unique. */
  public static final int NONCE_BYTES = 32;

  /** Largest handshake message either side accepts (XX's are 32, 96 and 64 bytes plus payload). */
  public static final int MAX_MESSAGE = 1024;

  private static final byte[] PROLOGUE_LABEL =
      "p2pchat/2 hello:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] BINDING_LABEL =
      "p2pchat-noise-static-key:".getBytes(StandardCharsets.US_ASCII);

  /**
   * An agent's X25519 static key, made when its transport starts, and the Ed25519 signature binding
   * it to the agent's identity. Thread-safe (read-only once made).
   */
  public static final class StaticKey {
    private final DHState pair;
    private final byte[] binding;

    private StaticKey(DHState pair, byte[] binding) {
      this.pair = pair;
      this.binding = binding;
    }

    /** A fresh key pair, its public half signed by {@code signer} (the agent's identity). */
    public static StaticKey generate(Function<byte[], byte[]> signer) {
      DHState pair = dh();
      pair.generateKeyPair();
      byte[] pub = new byte[pair.getPublicKeyLength()];
      pair.getPublicKey(pub, 0);
      return new StaticKey(pair, signer.apply(bound(pub)));
    }
  }

  private final HandshakeState state;
  private final StaticKey local;

  private NoiseHandshake(int role, StaticKey local, Frame.Hello hello) {
    this.local = local;
    try {
      state = new HandshakeState(PROTOCOL, role);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("noise-java lacks " + PROTOCOL, e);
    }
    FasterDh.install(state);
    state.getLocalKeyPair().copyFrom(local.pair);
    byte[] prologue = prologue(hello);
    state.setPrologue(prologue, 0, prologue.length);
    state.start();
  }

  public static byte[] newNonce(java.security.SecureRandom random) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    return nonce;
  }

  /** The client's side, after it sent {@code hello}. */
  public static NoiseHandshake initiator(StaticKey local, Frame.Hello hello) {
    return new NoiseHandshake(HandshakeState.INITIATOR, local, hello);
  }

  /** The server's side, for the {@code hello} it received. */
  public static NoiseHandshake responder(StaticKey local, Frame.Hello hello) {
    return new NoiseHandshake(HandshakeState.RESPONDER, local, hello);
  }

  /**
   * The next message this side sends: the first is empty, the others carry this side's binding
   * (signature length, signature).
   */
  public byte[] write() {
    if (state.getAction() != HandshakeState.WRITE_MESSAGE) {
      throw new IllegalStateException("not this side's turn to write");
    }
    byte[] payload =
        state.getRole() == HandshakeState.INITIATOR && !state.hasRemotePublicKey()
            ? new byte[0]
            : withLength(local.binding);
    byte[] out = new byte[MAX_MESSAGE];
    try {
      int n = state.writeMessage(out, 0, payload, 0, payload.length);
      return Arrays.copyOf(out, n);
    } catch (ShortBufferException e) {
      throw new IllegalStateException("handshake message over " + MAX_MESSAGE + " bytes", e);
    }
  }

  /**
   * Reads the other side's next message; returns its payload (empty for the first). A message that
   * fails to decrypt or authenticate is a {@link ProtocolException}.
   */
  public byte[] read(byte[] message) {
    if (state.getAction() != HandshakeState.READ_MESSAGE) {
      throw new ProtocolException("a handshake message arrived out of turn");
    }
    byte[] payload = new byte[MAX_MESSAGE];
    try {
      int n = state.readMessage(message, 0, message.length, payload, 0);
      return Arrays.copyOf(payload, n);
    } catch (ShortBufferException
        | BadPaddingException
        | IllegalArgumentException
        | IllegalStateException e) {
      throw new ProtocolException(
          "the encrypted handshake failed ("
              + e.getClass().getSimpleName()
              + "): not a p2pchat "
              + VERSION
              + " peer, or someone in the path changed it");
    }
  }

  /** Checks an Ed25519 signature over some bytes against one identity key. */
  @FunctionalInterface
  public interface Verifier {
    boolean verify(byte[] data, byte[] signature);
  }

  /**
   * True if {@code payload} (the other side's last handshake payload) is a valid signature by the
   * identity {@code identity} checks over the static key the other side used in this handshake.
   */
  public boolean remoteIsBoundTo(byte[] payload, Verifier identity) {
    if (!state.hasRemotePublicKey() || payload.length < 2) {
      return false;
    }
    int length = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    if (length != payload.length - 2) {
      return false;
    }
    DHState remote = state.getRemotePublicKey();
    byte[] pub = new byte[remote.getPublicKeyLength()];
    remote.getPublicKey(pub, 0);
    return identity.verify(bound(pub), Arrays.copyOfRange(payload, 2, payload.length));
  }

  /** Once all three messages passed: the record layer's keys, this side's sender first. */
  public RecordCipher split() {
    if (state.getAction() != HandshakeState.SPLIT) {
      throw new IllegalStateException("the handshake is not finished");
    }
    return new RecordCipher(state.split());
  }

  /**
   * noise-java's own cipher states of the split, for tests that check the record layer against
   * them.
   */
  com.southernstorm.noise.protocol.CipherStatePair splitForTests() {
    return state.split();
  }

  /** True once this side has sent and read everything and may split. */
  public boolean finished() {
    return state.getAction() == HandshakeState.SPLIT;
  }

  /** What the prologue binds: a label and HELLO's encoded payload (version, both names, nonce). */
  static byte[] prologue(Frame.Hello hello) {
    ByteBuf b = Unpooled.buffer();
    b.writeBytes(PROLOGUE_LABEL);
    FrameCodec.encode(hello, b);
    return ByteBufUtil.getBytes(b);
  }

  static byte[] bound(byte[] staticPublicKey) {
    byte[] out = Arrays.copyOf(BINDING_LABEL, BINDING_LABEL.length + staticPublicKey.length);
    System.arraycopy(staticPublicKey, 0, out, BINDING_LABEL.length, staticPublicKey.length);
    return out;
  }

  private static byte[] withLength(byte[] signature) {
    byte[] out = new byte[2 + signature.length];
    out[0] = (byte) (signature.length >>> 8);
    out[1] = (byte) signature.length;
    System.arraycopy(signature, 0, out, 2, signature.length);
    return out;
  }

  private static DHState dh() {
    if (FasterDh.AVAILABLE) {
      return new X25519Key();
    }
    try {
      return Noise.createDH("25519");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("noise-java lacks X25519", e);
    }
  }

  /** Whether handshakes use {@link X25519Key}s (for tests). */
  static boolean usesFasterDh() {
    return FasterDh.AVAILABLE;
  }

  /**
   * noise-java makes its key pairs itself, by name, with no way to pass others in: its handshake
   * state's four X25519 keys are swapped for {@link X25519Key}s right after it is made, before any
   * is used. Should a later noise-java name its fields otherwise, its own keys stay (slower, the
   * same bytes on the wire).
   */
  private static final class FasterDh {
    private static final String[] FIELDS = {
      "localKeyPair", "localEphemeral", "remotePublicKey", "remoteEphemeral"
    };
    private static final Field[] KEYS = find();
    static final boolean AVAILABLE = KEYS != null;

    private static Field[] find() {
      try {
        Field[] keys = new Field[FIELDS.length];
        for (int i = 0; i < FIELDS.length; i++) {
          keys[i] = HandshakeState.class.getDeclaredField(FIELDS[i]);
          if (keys[i].getType() != DHState.class) {
            return null;
          }
          keys[i].setAccessible(true);
        }
        return keys;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }

    static void install(HandshakeState state) {
      if (!AVAILABLE) {
        return;
      }
      try {
        for (Field f : KEYS) {
          DHState mine = (DHState) f.get(state);
          if (mine != null) {
            f.set(state, new X25519Key());
          }
        }
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot set noise-java's keys", e);
      }
    }
  }
}

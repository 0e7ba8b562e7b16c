package p2pchat.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.identity.Keys;

/** The encrypted handshake and record layer on their own, both sides in one thread. */
class NoiseHandshakeTest {
  private final Identity ann = Identity.generate();
  private final Identity bob = Identity.generate();
  private final Frame.Hello hello =
      new Frame.Hello(
          NoiseHandshake.VERSION, "Ann", "Bob", NoiseHandshake.newNonce(new SecureRandom()));

  /** Ann (client) and Bob (server) after a full handshake: {client cipher, server cipher}. */
  private RecordCipher[] handshake(Frame.Hello clientHello, Frame.Hello serverHello) {
    NoiseHandshake client =
        NoiseHandshake.initiator(NoiseHandshake.StaticKey.generate(ann::sign), clientHello);
    NoiseHandshake server =
        NoiseHandshake.responder(NoiseHandshake.StaticKey.generate(bob::sign), serverHello);
    server.read(client.write());
    byte[] serverBinding = client.read(server.write());
    assertThat(
            client.remoteIsBoundTo(serverBinding, (d, sig) -> Keys.verify(bob.publicKey(), d, sig)))
        .as("Bob's static key bound to Bob")
        .isTrue();
    assertThat(
            client.remoteIsBoundTo(serverBinding, (d, sig) -> Keys.verify(ann.publicKey(), d, sig)))
        .as("not to anyone else")
        .isFalse();
    byte[] clientBinding = server.read(client.write());
    assertThat(
            server.remoteIsBoundTo(clientBinding, (d, sig) -> Keys.verify(ann.publicKey(), d, sig)))
        .isTrue();
    assertThat(
            server.remoteIsBoundTo(clientBinding, (d, sig) -> Keys.verify(bob.publicKey(), d, sig)))
        .isFalse();
    assertThat(client.finished()).isTrue();
    assertThat(server.finished()).isTrue();
    return new RecordCipher[] {client.split(), server.split()};
  }

  private static ByteBuf sealed(RecordCipher cipher, String text) {
    ByteBuf out = Unpooled.buffer();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    cipher.seal(Unpooled.wrappedBuffer(bytes), bytes.length, out);
    return out;
  }

  private static String opened(RecordCipher cipher, ByteBuf record) {
    int length = record.readUnsignedShort();
    ByteBuf out = Unpooled.buffer();
    cipher.open(record, length, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void bothSidesAgreeOnKeysAndNoPlaintextIsInARecord() {
    RecordCipher[] c = handshake(hello, hello);
    ByteBuf record = sealed(c[0], "meet me at noon");
    assertThat(ByteBufUtil.getBytes(record.duplicate()))
        .asString(StandardCharsets.ISO_8859_1)
        .doesNotContain("noon");
    assertThat(opened(c[1], record)).isEqualTo("meet me at noon");
    assertThat(opened(c[0], sealed(c[1], "ok"))).isEqualTo("ok");
    // the same plaintext twice seals differently (a fresh nonce per record)
    assertThat(ByteBufUtil.getBytes(sealed(c[0], "x")))
        .isNotEqualTo(ByteBufUtil.getBytes(sealed(c[0], "x")));
  }

  @Test
  void aFlippedBitAReplayedOrAReorderedRecordFailsAuthentication() {
    RecordCipher[] c = handshake(hello, hello);
    ByteBuf flipped = sealed(c[0], "one");
    flipped.setByte(5, flipped.getByte(5) ^ 1);
    assertThatThrownBy(() -> opened(c[1], flipped))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("failed authentication");

    RecordCipher[] d = handshake(hello, hello);
    ByteBuf first = sealed(d[0], "first");
    ByteBuf second = sealed(d[0], "second");
    ByteBuf replay = first.copy();
    assertThat(opened(d[1], first)).isEqualTo("first");
    assertThatThrownBy(() -> opened(d[1], replay)).isInstanceOf(ProtocolException.class);

    RecordCipher[] e = handshake(hello, hello);
    sealed(e[0], "first");
    ByteBuf later = sealed(e[0], "second");
    assertThatThrownBy(() -> opened(e[1], later))
        .as("the second record before the first")
        .isInstanceOf(ProtocolException.class);
    assertThat(second.isReadable()).isTrue();
  }

  @Test
  void aHelloChangedOnTheWayBreaksTheHandshake() {
    Frame.Hello downgraded = new Frame.Hello(NoiseHandshake.VERSION, "Ann", "Bobby", hello.nonce());
    NoiseHandshake client =
        NoiseHandshake.initiator(NoiseHandshake.StaticKey.generate(ann::sign), hello);
    NoiseHandshake server =
        NoiseHandshake.responder(NoiseHandshake.StaticKey.generate(bob::sign), downgraded);
    server.read(client.write()); // the first message carries only a public ephemeral key
    assertThatThrownBy(() -> client.read(server.write()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("the encrypted handshake failed");
  }

  @Test
  void theJdksAesGcmAndNoiseJavasAgreeOnEveryRecord() throws Exception {
    // The record layer takes the split keys into the JDK's AES-GCM; noise-java's own cipher
    // states compute the same AEAD. Seal with one, open with the other, both ways.
    NoiseHandshake client =
        NoiseHandshake.initiator(NoiseHandshake.StaticKey.generate(ann::sign), hello);
    NoiseHandshake server =
        NoiseHandshake.responder(NoiseHandshake.StaticKey.generate(bob::sign), hello);
    server.read(client.write());
    client.read(server.write());
    server.read(client.write());
    com.southernstorm.noise.protocol.CipherStatePair reference = server.splitForTests();
    RecordCipher ours = client.split();
    assertThat(ours.usesJdkAesGcm()).as("the JDK's AES-GCM is in use").isTrue();
    for (int i = 0; i < 5; i++) {
      byte[] text = ("record " + i + " ").repeat(100 * i + 1).getBytes(StandardCharsets.UTF_8);
      ByteBuf record = Unpooled.buffer();
      ours.seal(Unpooled.wrappedBuffer(text), text.length, record);
      int length = record.readUnsignedShort();
      byte[] sealedBytes = ByteBufUtil.getBytes(record, record.readerIndex(), length);
      byte[] opened = new byte[length - 16];
      assertThat(reference.getReceiver().decryptWithAd(null, sealedBytes, 0, opened, 0, length))
          .isEqualTo(text.length);
      assertThat(opened).isEqualTo(text);

      byte[] back = new byte[text.length + 16];
      int n = reference.getSender().encryptWithAd(null, text, 0, back, 0, text.length);
      ByteBuf framed = Unpooled.buffer().writeShort(n).writeBytes(back, 0, n);
      assertThat(opened(ours, framed)).isEqualTo(new String(text, StandardCharsets.UTF_8));
    }
  }

  @Test
  void bouncyCastlesX25519AgreesWithNoiseJavasOwn() throws Exception {
    // The keys a handshake uses are X25519Keys; noise-java's Curve25519DHState is the reference.
    for (int i = 0; i < 20; i++) {
      X25519Key ours = new X25519Key();
      ours.generateKeyPair();
      com.southernstorm.noise.protocol.DHState theirs =
          com.southernstorm.noise.protocol.Noise.createDH("25519");
      theirs.generateKeyPair();
      byte[] publicKey = new byte[32];
      X25519Key theirsAsOurs = new X25519Key();
      theirs.getPublicKey(publicKey, 0);
      theirsAsOurs.setPublicKey(publicKey, 0);
      com.southernstorm.noise.protocol.DHState oursAsTheirs =
          com.southernstorm.noise.protocol.Noise.createDH("25519");
      ours.getPublicKey(publicKey, 0);
      oursAsTheirs.setPublicKey(publicKey, 0);
      byte[] a = new byte[32];
      byte[] b = new byte[32];
      ours.calculate(a, 0, theirsAsOurs);
      theirs.calculate(b, 0, oursAsTheirs);
      assertThat(a).isEqualTo(b);
      // the same private key gives the same public key in both
      byte[] privateKey = new byte[32];
      ours.getPrivateKey(privateKey, 0);
      com.southernstorm.noise.protocol.DHState same =
          com.southernstorm.noise.protocol.Noise.createDH("25519");
      same.setPrivateKey(privateKey, 0);
      byte[] expected = new byte[32];
      same.getPublicKey(expected, 0);
      ours.getPublicKey(publicKey, 0);
      assertThat(publicKey).isEqualTo(expected);
    }
  }

  @Test
  void aHandshakeCompletesAgainstNoiseJavaUnchanged() throws Exception {
    // Our side (its keys swapped for X25519Keys) against a plain noise-java responder: the same
    // protocol, the same split keys.
    assertThat(NoiseHandshake.usesFasterDh()).as("our side uses X25519Keys").isTrue();
    NoiseHandshake client =
        NoiseHandshake.initiator(NoiseHandshake.StaticKey.generate(ann::sign), hello);
    com.southernstorm.noise.protocol.HandshakeState plain =
        new com.southernstorm.noise.protocol.HandshakeState(
            "Noise_XX_25519_AESGCM_SHA256",
            com.southernstorm.noise.protocol.HandshakeState.RESPONDER);
    plain.getLocalKeyPair().generateKeyPair();
    byte[] prologue = NoiseHandshake.prologue(hello);
    plain.setPrologue(prologue, 0, prologue.length);
    plain.start();
    byte[] buffer = new byte[NoiseHandshake.MAX_MESSAGE];
    byte[] first = client.write();
    plain.readMessage(first, 0, first.length, buffer, 0);
    int n = plain.writeMessage(buffer, 0, new byte[0], 0, 0);
    client.read(java.util.Arrays.copyOf(buffer, n));
    byte[] third = client.write();
    plain.readMessage(third, 0, third.length, buffer, 0);
    assertThat(client.finished()).isTrue();
    assertThat(plain.getAction()).isEqualTo(com.southernstorm.noise.protocol.HandshakeState.SPLIT);
    com.southernstorm.noise.protocol.CipherStatePair reference = plain.split();
    RecordCipher ours = client.split();
    byte[] text = "sealed by ours, opened by noise-java".getBytes(StandardCharsets.UTF_8);
    ByteBuf record = Unpooled.buffer();
    ours.seal(Unpooled.wrappedBuffer(text), text.length, record);
    int length = record.readUnsignedShort();
    byte[] opened = new byte[length - 16];
    reference
        .getReceiver()
        .decryptWithAd(
            null, ByteBufUtil.getBytes(record, record.readerIndex(), length), 0, opened, 0, length);
    assertThat(opened).isEqualTo(text);
  }

  @Test
  void aConnectionStopsBeforeItsRecordLimit() {
    RecordCipher[] c = handshake(hello, hello);
    c[0].withRecordLimit(16);
    for (int i = 0; i < 16; i++) {
      sealed(c[0], "r" + i);
    }
    assertThatThrownBy(() -> sealed(c[0], "one too many"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("reconnecting with new keys");
  }
}

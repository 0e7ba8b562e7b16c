package p2pchat.agent.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.wire.Frame;
import p2pchat.agent.wire.FrameCodec;
import p2pchat.agent.wire.NoiseHandshake;
import p2pchat.agent.wire.RecordCipher;

/**
 * Test fixture: a hand-driven peer on a plain blocking socket, for playing a hostile or broken
 * client against a real server. Before {@link #handshake} it writes and reads plaintext frames;
 * after it, {@link #write} seals what it sends into records and {@link #read} opens them, while
 * {@link #writeUnsealed} still puts raw bytes on the wire. Not thread-safe.
 */
final class RawClient implements AutoCloseable {
  final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
  private RecordCipher cipher;
  private final ByteBuf plain = Unpooled.buffer();

  RawClient(int port) throws IOException {
    this(port, 0);
  }

  /**
   * With {@code receiveBufferBytes > 0}, a small receive buffer: a peer that reads little fills it
   * soon.
   */
  RawClient(int port, int receiveBufferBytes) throws IOException {
    socket = new Socket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes);
    }
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(5_000);
    socket.setTcpNoDelay(true);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  static byte[] bytes(Frame... frames) {
    ByteBuf buf = Unpooled.buffer();
    for (Frame f : frames) {
      FrameCodec.writeFrame(f, buf);
    }
    return ByteBufUtil.getBytes(buf);
  }

  /** Raw bytes on the wire, sealed or not. */
  void writeUnsealed(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    sent.writeBytes(bytes);
  }

  /** Bytes as the stream inside the link: sealed into records once the handshake is done. */
  void write(byte[] bytes) throws IOException {
    writeUnsealed(cipher == null ? bytes : seal(bytes));
  }

  /** The records that carry {@code bytes} on this connection (each sealing uses up nonces). */
  byte[] seal(byte[] bytes) {
    ByteBuf from = Unpooled.wrappedBuffer(bytes);
    ByteBuf records = Unpooled.buffer();
    while (from.isReadable()) {
      cipher.seal(from, Math.min(from.readableBytes(), RecordCipher.MAX_PLAINTEXT), records);
    }
    return ByteBufUtil.getBytes(records);
  }

  void write(Frame... frames) throws IOException {
    write(bytes(frames));
  }

  /** Everything written on this connection so far, as it went on the wire (for replaying it). */
  byte[] sent() {
    return sent.toByteArray();
  }

  Frame read() throws IOException {
    if (cipher == null) {
      int length = in.readInt();
      byte[] payload = new byte[length];
      in.readFully(payload);
      return FrameCodec.decode(Unpooled.wrappedBuffer(payload));
    }
    while (plain.readableBytes() < 4
        || plain.readableBytes() < 4 + plain.getInt(plain.readerIndex())) {
      int length = in.readUnsignedShort();
      byte[] record = new byte[length];
      in.readFully(record);
      cipher.open(Unpooled.wrappedBuffer(record), length, plain);
    }
    int length = plain.readInt();
    return FrameCodec.decode(plain.readSlice(length));
  }

  /**
   * Runs the encrypted handshake as {@code name}, binding a fresh static key with {@code identity};
   * returns the server's verdict frame: ACK(0) if accepted, else a BYE (sealed, or plaintext if the
   * server refused before the key agreement).
   */
  Frame handshake(String name, Identity identity, String server) throws IOException {
    return handshake(name, identity, server, NoiseHandshake.VERSION);
  }

  Frame handshake(String name, Identity identity, String server, int version) throws IOException {
    Frame.Hello hello =
        new Frame.Hello(version, name, server, NoiseHandshake.newNonce(new SecureRandom()));
    NoiseHandshake noise =
        NoiseHandshake.initiator(NoiseHandshake.StaticKey.generate(identity::sign), hello);
    byte[] first = noise.write();
    ByteBuf opening = Unpooled.buffer();
    FrameCodec.writeFrame(hello, opening);
    opening.writeShort(first.length).writeBytes(first);
    writeUnsealed(ByteBufUtil.getBytes(opening));
    int length = in.readUnsignedShort();
    if (length == 0) { // a plaintext frame: the server refused before the key agreement
      int frame = in.readUnsignedShort();
      byte[] payload = new byte[frame];
      in.readFully(payload);
      return FrameCodec.decode(Unpooled.wrappedBuffer(payload));
    }
    byte[] second = new byte[length];
    in.readFully(second);
    noise.read(second);
    byte[] third = noise.write();
    writeUnsealed(
        ByteBufUtil.getBytes(Unpooled.buffer().writeShort(third.length).writeBytes(third)));
    cipher = noise.split();
    return read();
  }

  /**
   * True once the server has closed the connection (skipping whatever it sent before, e.g. a BYE).
   */
  boolean closedByServer() throws IOException {
    try {
      while (in.read() >= 0) {
        // drain
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (EOFException | SocketException e) {
      return true; // reset counts as closed
    }
  }

  /** Everything the server sent until it closed the connection; fails if it stays open 5 s. */
  byte[] readUntilClosed() throws IOException {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    try {
      for (int n; (n = in.read(chunk)) >= 0; ) {
        all.write(chunk, 0, n);
      }
    } catch (SocketException e) {
      // reset: closed
    }
    return all.toByteArray();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

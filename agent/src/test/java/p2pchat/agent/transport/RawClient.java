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
import p2pchat.agent.wire.Handshake;

/**
 * Test fixture: a hand-driven peer on a plain blocking socket, for playing a hostile or broken
 * client against a real server. Not thread-safe.
 */
final class RawClient implements AutoCloseable {
  final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  RawClient(int port) throws IOException {
    this(port, 0);
  }

  /** With {@code receiveBufferBytes > 0}, a small receive buffer: a peer that reads little fills it soon. */
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

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  void write(Frame... frames) throws IOException {
    write(bytes(frames));
  }

  Frame read() throws IOException {
    int length = in.readInt();
    byte[] payload = new byte[length];
    in.readFully(payload);
    return FrameCodec.decode(Unpooled.wrappedBuffer(payload));
  }

  /** Completes the handshake as {@code name} with {@code identity}; returns the server's verdict frame. */
  Frame handshake(String name, Identity identity, String server) throws IOException {
    byte[] nonce = Handshake.newNonce(new SecureRandom());
    write(new Frame.Hello(Handshake.VERSION, name, server, nonce));
    Frame.Welcome welcome = (Frame.Welcome) read();
    byte[] transcript = Handshake.transcript(Handshake.ROLE_CLIENT, name, server, nonce, welcome.nonce());
    write(new Frame.Proof(identity.sign(transcript)));
    return read();
  }

  /** True once the server has closed the connection (skipping whatever it sent before, e.g. a BYE). */
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

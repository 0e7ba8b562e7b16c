package p2pchat.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture: a TCP relay in front of one agent that records every byte both ways and can tamper
 * once with the client's sealed records. It knows the wire's shape (docs/protocol.md): the client
 * sends a HELLO frame (4-byte length), then both sides send 2-byte-length chunks, of which the
 * client's first two are handshake messages and the rest records. Threads per connection;
 * thread-safe.
 */
final class RecordProxy implements AutoCloseable {
  /**
   * What to do to the client's {@code record}-th sealed record (0 = the first after the handshake).
   */
  enum Tamper {
    FLIP_A_BIT,
    TRUNCATE,
    DUPLICATE,
    REORDER
  }

  private final ServerSocket server;
  private final int target;
  private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
  private final List<Socket> sockets = new ArrayList<>();
  private volatile Tamper tamper;
  private volatile int record;
  final AtomicInteger tampered = new AtomicInteger();
  final AtomicInteger connections = new AtomicInteger();

  RecordProxy(int target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "record-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Tamper once, with the {@code record}-th record of the next connection that has that many. */
  void tamperOnce(Tamper how, int record) {
    this.record = record;
    this.tamper = how;
  }

  /** Every byte relayed so far, both directions. */
  byte[] recorded() {
    synchronized (recorded) {
      return recorded.toByteArray();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(upstream);
        }
        connections.incrementAndGet();
        start(() -> clientToServer(client, upstream), "record-proxy-up");
        start(() -> serverToClient(upstream, client), "record-proxy-down");
      } catch (IOException e) {
        // closed, or the agent is down: the client sees the connection fail and retries
      }
    }
  }

  private static void start(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  private void record(byte[] b) {
    synchronized (recorded) {
      recorded.writeBytes(b);
    }
  }

  private void clientToServer(Socket client, Socket upstream) {
    try (client;
        upstream) {
      DataInputStream in = new DataInputStream(client.getInputStream());
      OutputStream out = upstream.getOutputStream();
      int helloLength = in.readInt();
      byte[] hello = new byte[4 + helloLength];
      in.readFully(hello, 4, helloLength);
      hello[0] = (byte) (helloLength >>> 24);
      hello[1] = (byte) (helloLength >>> 16);
      hello[2] = (byte) (helloLength >>> 8);
      hello[3] = (byte) helloLength;
      send(out, hello);
      byte[] held = null;
      for (int chunk = 0; ; chunk++) {
        byte[] c = chunk(in);
        int index = chunk - 2; // the first two are handshake messages
        Tamper how = tamper;
        if (how != null && index == record) {
          tamper = null;
          tampered.incrementAndGet();
          switch (how) {
            case FLIP_A_BIT -> c[2 + c.length / 3] ^= 0x10;
            case TRUNCATE -> {
              send(out, java.util.Arrays.copyOf(c, c.length / 2));
              return; // and close both sides mid-record
            }
            case DUPLICATE -> send(out, c);
            case REORDER -> {
              held = c;
              continue;
            }
          }
        }
        send(out, c);
        if (held != null) {
          send(out, held);
          held = null;
        }
      }
    } catch (IOException e) {
      // one side closed: close the other (try-with-resources)
    }
  }

  private void serverToClient(Socket upstream, Socket client) {
    try (client;
        upstream) {
      byte[] buf = new byte[8192];
      var in = upstream.getInputStream();
      var out = client.getOutputStream();
      for (int n; (n = in.read(buf)) >= 0; ) {
        record(java.util.Arrays.copyOf(buf, n));
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      // closed
    }
  }

  private void send(OutputStream out, byte[] bytes) throws IOException {
    record(bytes);
    out.write(bytes);
    out.flush();
  }

  private static byte[] chunk(DataInputStream in) throws IOException {
    int length = in.readUnsignedShort();
    byte[] c = new byte[2 + length];
    c[0] = (byte) (length >>> 8);
    c[1] = (byte) length;
    in.readFully(c, 2, length);
    return c;
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (sockets) {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}

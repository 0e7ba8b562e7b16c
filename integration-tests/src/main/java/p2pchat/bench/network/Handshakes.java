package p2pchat.bench.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.identity.Keys;
import p2pchat.agent.transport.DialTarget;
import p2pchat.agent.transport.PeerResolver;
import p2pchat.agent.transport.Transport;
import p2pchat.agent.transport.TransportConfig;
import p2pchat.agent.wire.Frame;
import p2pchat.agent.wire.FrameCodec;
import p2pchat.agent.wire.NoiseHandshake;
import p2pchat.agent.wire.RecordCipher;

/**
 * Handshakes per second against a real transport on one event loop thread (one core's worth of
 * server): a client connects, runs the whole encrypted handshake (HELLO, Noise XX, each side's key
 * proven against its registry key), reads the sealed ACK(0) that accepts it, and closes; one client
 * thread, one connection after another. Not thread-safe.
 */
public final class Handshakes {
  private Handshakes() {}

  /** Handshakes per second over {@code count} connections (after {@code count / 10} to warm up). */
  public static double run(int count) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ExecutorService outboxThread =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "agent-Server-outbox"));
    Identity server = Identity.generate();
    Identity client = Identity.generate();
    Map<String, DialTarget> registry = new ConcurrentHashMap<>();
    PeerResolver resolver =
        name -> CompletableFuture.completedFuture(Optional.ofNullable(registry.get(name)));
    Transport transport =
        new Transport(
            TransportConfig.defaults(),
            "Server",
            server,
            group,
            outboxThread,
            resolver,
            new MemoryOutbox("Server", 0),
            new CountingInbox());
    try {
      int port = transport.listen("127.0.0.1", 0).getPort();
      registry.put("Server", new DialTarget("Server", "127.0.0.1", port, server.publicKey()));
      registry.put("Client", new DialTarget("Client", "127.0.0.1", 1, client.publicKey()));
      NoiseHandshake.StaticKey key = NoiseHandshake.StaticKey.generate(client::sign);
      SecureRandom random = new SecureRandom();
      for (int i = 0; i < Math.max(10, count / 10); i++) {
        handshake(port, key, server, random);
      }
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        handshake(port, key, server, random);
      }
      return count / ((System.nanoTime() - start) / 1e9);
    } finally {
      transport.abort();
      outboxThread.shutdownNow();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** One connection: the whole handshake, then the sealed ACK(0); fails loudly otherwise. */
  private static void handshake(
      int port, NoiseHandshake.StaticKey key, Identity server, SecureRandom random)
      throws IOException {
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(5_000);
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      Frame.Hello hello =
          new Frame.Hello(
              NoiseHandshake.VERSION, "Client", "Server", NoiseHandshake.newNonce(random));
      NoiseHandshake noise = NoiseHandshake.initiator(key, hello);
      ByteBuf opening = Unpooled.buffer();
      FrameCodec.writeFrame(hello, opening);
      byte[] first = noise.write();
      opening.writeShort(first.length).writeBytes(first);
      out.write(ByteBufUtil.getBytes(opening));
      byte[] second = new byte[in.readUnsignedShort()];
      in.readFully(second);
      if (!noise.remoteIsBoundTo(
          noise.read(second), (d, sig) -> Keys.verify(server.publicKey(), d, sig))) {
        throw new IllegalStateException("the server's handshake is not bound to its key");
      }
      byte[] third = noise.write();
      out.write(ByteBufUtil.getBytes(Unpooled.buffer().writeShort(third.length).writeBytes(third)));
      RecordCipher cipher = noise.split();
      byte[] record = new byte[in.readUnsignedShort()];
      in.readFully(record);
      ByteBuf plain = Unpooled.buffer();
      cipher.open(Unpooled.wrappedBuffer(record), record.length, plain);
      plain.skipBytes(4);
      Frame verdict = FrameCodec.decode(plain);
      if (!(verdict instanceof Frame.Ack ack) || ack.seq() != 0) {
        throw new IllegalStateException("the server did not accept the handshake: " + verdict);
      }
    }
  }
}

package p2pchat.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault-injecting proxy on plain sockets: an echo server behind it, a fake HELLO in front. */
class FaultProxyTest {
  private MultiThreadIoEventLoopGroup group;
  private FaultNet net;
  private FaultProxy proxy;
  private ServerSocket echo;
  private Thread echoThread;

  @BeforeEach
  void start() throws IOException {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    net = new FaultNet(null, group);
    proxy = net.proxyFor("Bob");
    echo = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    echoThread = new Thread(this::serveEcho, "test-echo");
    echoThread.setDaemon(true);
    echoThread.start();
    proxy.target(echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    net.close();
    echo.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void relaysBytesBothWaysAfterTheHello() throws IOException {
    try (Socket s = connectAs("Sam")) {
      s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
      assertThat(readEcho(s, hello("Sam").length + 4)).endsWith("ping");
    }
  }

  @Test
  void aPartitionCutsLiveConnectionsAndRefusesNewOnesUntilHealed() throws IOException {
    Socket live = connectAs("Sam");
    readEcho(live, hello("Sam").length);
    net.link("Sam", "Bob").partition();
    assertThat(readOrEnd(live.getInputStream())).isEqualTo(-1);
    live.close();

    try (Socket refused = connectAs("Sam")) {
      refused.setSoTimeout(2000);
      assertThat(readOrEnd(refused.getInputStream())).isEqualTo(-1);
    }
    try (Socket other = connectAs("Carol")) { // other links are untouched
      assertThat(readEcho(other, hello("Carol").length)).isNotEmpty();
    }

    net.link("Bob", "Sam").healNow();
    try (Socket again = connectAs("Sam")) {
      assertThat(readEcho(again, hello("Sam").length)).isNotEmpty();
    }
  }

  @Test
  void latencyDelaysEachWayAndKeepsOrder() throws IOException {
    net.link("Sam", "Bob").latency(Span.ofMillis(150));
    try (Socket s = connectAs("Sam")) {
      readEcho(s, hello("Sam").length);
      long t0 = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        s.getOutputStream().write(("m" + i).getBytes(StandardCharsets.US_ASCII));
      }
      String back = readEcho(s, 10);
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(290));
      assertThat(back).isEqualTo("m0m1m2m3m4");
    }
  }

  @Test
  void resetAbortsTheConnectionAndTheNextOneWorks() throws IOException {
    Socket s = connectAs("Sam");
    readEcho(s, hello("Sam").length);
    net.link("Sam", "Bob").kill(true, false);
    assertThat(readOrEnd(s.getInputStream())).isEqualTo(-1);
    s.close();
    try (Socket again = connectAs("Sam")) {
      assertThat(readEcho(again, hello("Sam").length)).isNotEmpty();
    }
  }

  @Test
  void aOneWayPartitionRefusesTheCutSidesConnections() throws IOException {
    net.link("Sam", "Bob").partitionOneWay("Sam", "Bob");
    try (Socket refused = connectAs("Sam")) {
      assertThat(readOrEnd(refused.getInputStream())).isEqualTo(-1);
    }
  }

  @Test
  void aOneWayPartitionHoldsTheCutSidesAnswersUntilHealed() throws IOException {
    Link link = net.link("Sam", "Bob");
    link.partitionOneWay("Bob", "Sam"); // Bob's bytes (the echo) do not reach Sam
    try (Socket s = connectAs("Sam")) {
      s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout(300);
      assertThatThrownBy(() -> s.getInputStream().read())
          .isInstanceOf(java.net.SocketTimeoutException.class);
      link.healNow();
      s.setSoTimeout(5000);
      assertThat(readEcho(s, hello("Sam").length + 4)).endsWith("ping");
    }
  }

  @Test
  void aBandwidthCapSlowsTheStreamAndKeepsEveryByteInOrder() throws IOException {
    net.link("Sam", "Bob").bandwidth(20 * 1024);
    try (Socket s = connectAs("Sam")) {
      readEcho(s, hello("Sam").length);
      byte[] data = new byte[10_000];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) i;
      }
      long t0 = System.nanoTime();
      s.getOutputStream().write(data);
      byte[] back = s.getInputStream().readNBytes(data.length);
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(400));
      assertThat(back).isEqualTo(data);
    }
  }

  @Test
  void theSlicerCutsWhatPassesIntoTinyWritesAndKeepsIt() throws IOException {
    Link link = net.link("Sam", "Bob");
    link.slicer(1);
    try (Socket s = connectAs("Sam")) {
      readEcho(s, hello("Sam").length);
      s.getOutputStream().write("sliced into bytes".getBytes(StandardCharsets.US_ASCII));
      assertThat(readEcho(s, 17)).isEqualTo("into bytes");
    }
    assertThat(link.slices.get()).isGreaterThanOrEqualTo(17 * 2); // each byte, each way
  }

  @Test
  void aMidFrameResetLetsThreeBytesThroughThenAbortsTheConnection() throws IOException {
    Link link = net.link("Sam", "Bob");
    try (Socket s = connectAs("Sam")) {
      readEcho(s, hello("Sam").length);
      link.midFrameCut();
      s.getOutputStream().write(new byte[100]);
      int got = 0;
      while (readOrEnd(s.getInputStream()) != -1) {
        got++;
      }
      assertThat(got).isLessThanOrEqualTo(3);
    }
    try (Socket again = connectAs("Sam")) { // the cut was for one connection only
      assertThat(readEcho(again, hello("Sam").length)).isNotEmpty();
    }
  }

  private Socket connectAs(String from) throws IOException {
    Socket s = new Socket("127.0.0.1", proxy.port());
    s.setSoTimeout(5000);
    s.getOutputStream().write(hello(from));
    return s;
  }

  /** A HELLO frame as the wire codec writes it: length, kind 1, version, from, to, nonce. */
  private static byte[] hello(String from) throws IOException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(payload);
    d.writeByte(1);
    d.writeShort(1);
    d.writeByte(from.length());
    d.writeBytes(from);
    d.writeByte(3);
    d.writeBytes("Bob");
    d.write(new byte[32]);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    new DataOutputStream(frame).writeInt(payload.size());
    frame.write(payload.toByteArray());
    return frame.toByteArray();
  }

  private static String readEcho(Socket s, int bytes) throws IOException {
    byte[] buf = s.getInputStream().readNBytes(bytes);
    assertThat(buf).hasSize(bytes);
    return new String(buf, StandardCharsets.ISO_8859_1).substring(Math.max(0, bytes - 10));
  }

  private static int readOrEnd(InputStream in) {
    try {
      return in.read();
    } catch (IOException reset) {
      return -1;
    }
  }

  private void serveEcho() {
    while (!echo.isClosed()) {
      try {
        Socket c = echo.accept();
        Thread t =
            new Thread(
                () -> {
                  try (c) {
                    c.getInputStream().transferTo(c.getOutputStream());
                  } catch (IOException closed) {
                    // the test cut it
                  }
                },
                "test-echo-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }
}

package p2pchat.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import p2pchat.agent.Agent;
import p2pchat.agent.Message;

/**
 * Links are sealed end to end (docs/protocol.md): with a relay in the path that records every byte,
 * no message text, data or id crosses in the clear; a record altered, cut, duplicated or reordered
 * on the way closes the connection, and every message still arrives once and in order after the
 * link comes back. Real agents, registry, sockets and SQLite files.
 */
class EncryptedLinksTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final int MESSAGES = 3000;

  @TempDir Path dir;

  private static String text(int i) {
    return "secret-" + i + "-xyzzy " + "the quick brown fox jumps over the lazy dog ".repeat(3);
  }

  private static List<String> textsFrom(Agent receiver, String sender) {
    return receiver.history(sender).stream()
        .filter(m -> m.direction() == Message.Direction.IN)
        .map(Message::text)
        .toList();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Ann, and Bob behind the proxy: Bob listens on his port and advertises the proxy's. */
  private record Pair(Cluster cluster, Agent ann, Agent bob, RecordProxy proxy)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      cluster.close();
      proxy.close();
    }
  }

  private Pair pair() throws Exception {
    int bobPort = freePort();
    RecordProxy proxy = new RecordProxy(bobPort);
    Cluster c = new Cluster(dir);
    Agent bob =
        c.start(c.config("Bob").withListen("127.0.0.1", bobPort).withAdvertisedPort(proxy.port()));
    Agent ann = c.start("Ann");
    await().atMost(PATIENCE).until(() -> ann.isOnline("Bob"));
    return new Pair(c, ann, bob, proxy);
  }

  private static List<Message> sendAll(Agent ann) {
    List<CompletableFuture<Message>> sent = new ArrayList<>();
    for (int i = 1; i <= MESSAGES; i++) {
      sent.add(
          i % 10 == 0
              ? ann.send("Bob", text(i), "{\"card\":\"4111-1111-1111-1111\",\"n\":" + i + "}", null)
              : ann.send("Bob", text(i)));
    }
    return sent.stream().map(CompletableFuture::join).toList();
  }

  @Test
  void noTextDataOrIdOfAMessageCrossesTheWireInTheClear() throws Exception {
    try (Pair p = pair()) {
      List<Message> sent = sendAll(p.ann());
      await().atMost(PATIENCE).until(() -> textsFrom(p.bob(), "Ann").size() == MESSAGES);
      assertThat(textsFrom(p.bob(), "Ann"))
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, MESSAGES).mapToObj(EncryptedLinksTest::text).toList());
      assertThat(p.bob().history("Ann").get(9).data()).contains("4111-1111-1111-1111");

      String wire = new String(p.proxy().recorded(), StandardCharsets.ISO_8859_1);
      assertThat(wire.length()).as("bytes recorded").isGreaterThan(MESSAGES * 100);
      assertThat(wire)
          .doesNotContain("xyzzy")
          .doesNotContain("quick brown")
          .doesNotContain("4111")
          .doesNotContain("card");
      for (Message m : sent.subList(0, 50)) {
        assertThat(wire).doesNotContain(m.id());
      }
      assertThat(wire)
          .as("the names in the plaintext HELLO, which the handshake then authenticates")
          .contains("Ann")
          .contains("Bob");
    }
  }

  @ParameterizedTest
  @EnumSource(RecordProxy.Tamper.class)
  void aRecordTamperedWithOnTheWayClosesTheLinkAndEveryMessageStillArrivesOnceInOrder(
      RecordProxy.Tamper how) throws Exception {
    try (Pair p = pair()) {
      p.proxy().tamperOnce(how, 1);
      sendAll(p.ann());
      await().atMost(PATIENCE).until(() -> textsFrom(p.bob(), "Ann").size() >= MESSAGES);
      assertThat(p.proxy().tampered.get()).as("the proxy tampered").isEqualTo(1);
      assertThat(p.proxy().connections.get())
          .as("the link came back on a new connection")
          .isGreaterThanOrEqualTo(2);
      assertThat(textsFrom(p.bob(), "Ann"))
          .as("once each, in order, intact")
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, MESSAGES).mapToObj(EncryptedLinksTest::text).toList());
    }
  }
}

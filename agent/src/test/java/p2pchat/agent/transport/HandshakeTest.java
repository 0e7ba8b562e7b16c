package p2pchat.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.wire.Frame;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandshakeTest {
  private final TransportConfig config = TransportConfig.defaults();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private EventLoopGroup group;
  private Directory registry;
  private ExecutorService outboxThread;

  @BeforeAll
  void startGroup() {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  }

  @AfterAll
  void stopGroup() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @BeforeEach
  void setUp() {
    registry = new Directory();
    outboxThread = Executors.newSingleThreadExecutor();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    closeables.clear();
    outboxThread.shutdownNow();
  }

  private Node node(String name) {
    Node n = new Node(name, config, group, registry).start(0);
    closeables.add(n);
    return n;
  }

  /** A sender that is not registered itself and sees the world through {@code view}. */
  private Transport sender(String name, Identity identity, Directory view, MemoryOutbox outbox) {
    Transport t = new Transport(config, name, identity, group, outboxThread, view, outbox, new RecordingInbox());
    closeables.add(t::abort);
    return t;
  }

  @Test
  void aClientWithTheRightNameAndTheWrongKeyIsRefused() {
    node("Sam");
    Node carol = node("Carol");
    MemoryOutbox impostorOutbox = new MemoryOutbox("Sam");
    Transport impostor = sender("Sam", Identity.generate(), registry, impostorOutbox);
    try (LogCapture log = new LogCapture()) {
      impostorOutbox.add("Carol", "it's me, Sam");
      impostor.wake("Carol");

      await().atMost(Duration.ofSeconds(5)).until(() -> log.warnings().stream().anyMatch(w ->
          w.startsWith("Carol: ") && w.contains("(Sam): Sam did not prove possession of the key")));
      await().atMost(Duration.ofSeconds(5)).until(() -> log.warnings().stream().anyMatch(w ->
          w.startsWith("Sam: ") && w.contains("Carol at 127.0.0.1:" + carol.address.getPort() + " refused the handshake")));
    }
    assertThat(carol.inbox.received).isEmpty();
    assertThat(carol.inbox.connected).isEmpty();
    assertThat(impostorOutbox.ackedUpTo("Carol")).isZero();
  }

  @Test
  void aServerWithTheWrongKeyIsRefusedByTheClient() {
    Node carol = node("Carol");
    Directory samsView = new Directory();
    samsView.put(new PeerEndpoint("Carol", "127.0.0.1", carol.address.getPort(), Identity.generate().publicKey()));
    Identity sam = Identity.generate();
    registry.put(new PeerEndpoint("Sam", "127.0.0.1", 1, sam.publicKey()));
    MemoryOutbox outbox = new MemoryOutbox("Sam");
    Transport transport = sender("Sam", sam, samsView, outbox);
    try (LogCapture log = new LogCapture()) {
      outbox.add("Carol", "secret");
      transport.wake("Carol");
      await().atMost(Duration.ofSeconds(5)).until(() -> log.warnings().stream().anyMatch(w ->
          w.startsWith("Sam: refusing Carol") && w.contains("its signature does not match the registry's key for Carol")));
    }
    assertThat(carol.inbox.received).isEmpty();
    assertThat(carol.inbox.connected).isEmpty();
  }

  @Test
  void aPeerTheRegistryDoesNotKnowIsRefused() throws Exception {
    Node carol = node("Carol");
    try (RawClient client = new RawClient(carol.address.getPort())) {
      Frame verdict = client.handshake("Stranger", Identity.generate(), "Carol");
      assertThat(verdict).isEqualTo(new Frame.Bye("Stranger is not known to the registry"));
      assertThat(client.closedByServer()).isTrue();
    }
    assertThat(carol.inbox.connected).isEmpty();
  }

  @Test
  void aSenderThatReachesAnotherAgentOnAStaleAddressDeliversNothingThere() {
    Node bob = node("Bob");
    Directory samsView = new Directory();
    Identity carolKey = Identity.generate();
    samsView.put(new PeerEndpoint("Carol", "127.0.0.1", bob.address.getPort(), carolKey.publicKey()));
    Identity sam = Identity.generate();
    registry.put(new PeerEndpoint("Sam", "127.0.0.1", 1, sam.publicKey()));
    MemoryOutbox outbox = new MemoryOutbox("Sam");
    Transport transport = sender("Sam", sam, samsView, outbox);
    try (LogCapture log = new LogCapture()) {
      outbox.add("Carol", "for Carol only");
      transport.wake("Carol");
      await().atMost(Duration.ofSeconds(5)).until(() -> log.warnings().stream().anyMatch(w ->
          w.startsWith("Bob: ") && w.contains("this is Bob, not Carol")));
    }
    assertThat(bob.inbox.received).isEmpty();
    assertThat(outbox.ackedUpTo("Carol")).isZero();
  }

  @Test
  void aProofReplayedFromAnotherConnectionIsRefused() throws Exception {
    Node carol = node("Carol");
    Identity mallory = Identity.generate();
    registry.put(new PeerEndpoint("Mallory", "127.0.0.1", 1, mallory.publicKey()));
    byte[] oldProof;
    try (RawClient first = new RawClient(carol.address.getPort())) {
      byte[] nonce = new byte[32];
      first.write(new Frame.Hello(1, "Mallory", "Carol", nonce));
      Frame.Welcome welcome = (Frame.Welcome) first.read();
      oldProof = mallory.sign(p2pchat.agent.wire.Handshake.transcript(
          p2pchat.agent.wire.Handshake.ROLE_CLIENT, "Mallory", "Carol", nonce, welcome.nonce()));
    }
    try (RawClient second = new RawClient(carol.address.getPort())) {
      second.write(new Frame.Hello(1, "Mallory", "Carol", new byte[32]));
      second.read(); // WELCOME with a fresh server nonce
      second.write(new Frame.Proof(oldProof));
      assertThat(second.read()).isInstanceOf(Frame.Bye.class);
      assertThat(second.closedByServer()).isTrue();
    }
    assertThat(carol.inbox.connected).isEmpty();
  }
}

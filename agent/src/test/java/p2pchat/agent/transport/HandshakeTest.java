package p2pchat.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.wire.Frame;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandshakeTest {
  private final TransportConfig config = TransportConfig.defaults();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  @RegisterExtension static final EventLoops loops = new EventLoops();
  private Directory registry;
  private ExecutorService outboxThread;

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

  /** Waits until {@code agent} logged a WARN containing {@code text}. */
  private static void awaitWarning(LogCapture log, String agent, String text) {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> log.warnings().stream().anyMatch(w -> w.startsWith(agent) && w.contains(text)));
  }

  private Node node(String name) {
    Node n = new Node(name, config, loops.group(), registry).start(0);
    closeables.add(n);
    return n;
  }

  /** A sender that is not registered itself and sees the world through {@code view}. */
  private Transport sender(String name, Identity identity, Directory view, MemoryOutbox outbox) {
    Transport t =
        new Transport(
            config,
            name,
            identity,
            loops.group(),
            outboxThread,
            view,
            outbox,
            new RecordingInbox());
    closeables.add(t::abort);
    return t;
  }

  /** {@code name} sends {@code text} to Carol as {@link #sender}; returns its outbox. */
  private MemoryOutbox sendToCarol(String name, Identity identity, Directory view, String text) {
    MemoryOutbox outbox = new MemoryOutbox(name);
    Transport transport = sender(name, identity, view, outbox);
    outbox.add("Carol", text);
    transport.wake("Carol");
    return outbox;
  }

  /**
   * A man in the middle with a valid key of its own, registered under its own name, posing as Sam.
   */
  @Test
  void aClientWithTheRightNameAndTheWrongKeyIsRefused() {
    node("Sam");
    Node carol = node("Carol");
    Identity mallory = registry.enrol("Mallory");
    MemoryOutbox impostorOutbox;
    try (LogCapture log = new LogCapture()) {
      impostorOutbox = sendToCarol("Sam", mallory, registry, "it's me, Sam");
      awaitWarning(log, "Carol: ", "(Sam): Sam did not prove possession of the key");
      awaitWarning(
          log, "Sam: ", "Carol at 127.0.0.1:" + carol.address.getPort() + " refused the handshake");
    }
    assertThat(carol.inbox.received).isEmpty();
    assertThat(carol.inbox.connected).isEmpty();
    assertThat(impostorOutbox.ackedUpTo("Carol")).isZero();
  }

  /** A man in the middle posing as Carol with its own valid key: Sam knows Carol's real key. */
  @Test
  void aServerWithTheWrongKeyIsRefusedByTheClient() {
    Node carol = node("Carol");
    Directory samsView = new Directory();
    samsView.put(
        new DialTarget(
            "Carol", "127.0.0.1", carol.address.getPort(), Identity.generate().publicKey()));
    Identity sam = registry.enrol("Sam");
    try (LogCapture log = new LogCapture()) {
      sendToCarol("Sam", sam, samsView, "secret");
      awaitWarning(
          log, "Sam: refusing Carol", "its signature does not match the registry's key for Carol");
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
    samsView.put(new DialTarget("Carol", "127.0.0.1", bob.address.getPort(), carolKey.publicKey()));
    Identity sam = registry.enrol("Sam");
    MemoryOutbox outbox;
    try (LogCapture log = new LogCapture()) {
      outbox = sendToCarol("Sam", sam, samsView, "for Carol only");
      awaitWarning(log, "Bob: ", "this is Bob, not Carol");
    }
    assertThat(bob.inbox.received).isEmpty();
    assertThat(outbox.ackedUpTo("Carol")).isZero();
  }

  @Test
  void aRecordedSessionReplayedToTheServerStoresNothing() throws Exception {
    Node carol = node("Carol");
    Identity mallory = registry.enrol("Mallory");
    byte[] recorded;
    try (RawClient first = new RawClient(carol.address.getPort())) {
      assertThat(first.handshake("Mallory", mallory, "Carol")).isEqualTo(new Frame.Ack(0));
      first.write(new Frame.Msg("m1", 1, 0, null, false, "only once", null));
      assertThat(first.read()).isEqualTo(new Frame.Ack(1));
      recorded = first.sent();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> carol.inbox.received.size() == 1);
    try (LogCapture log = new LogCapture();
        RawClient replay = new RawClient(carol.address.getPort())) {
      replay.writeUnsealed(
          recorded); // Carol answers with a new ephemeral key: the old third message no longer fits
      assertThat(replay.closedByServer()).isTrue();
      awaitWarning(log, "Carol: ", "the encrypted handshake failed");
    }
    assertThat(carol.inbox.received).hasSize(1);
  }

  @Test
  void aPeerOfThePlaintextProtocolIsToldBothVersions() throws Exception {
    Node carol = node("Carol");
    registry.enrol("Oldtimer");
    try (LogCapture log = new LogCapture();
        RawClient client = new RawClient(carol.address.getPort())) {
      client.write(new Frame.Hello(1, "Oldtimer", "Carol", new byte[32])); // as protocol 1 opened
      Frame verdict = client.read();
      assertThat(verdict).isInstanceOf(Frame.Bye.class);
      assertThat(((Frame.Bye) verdict).reason())
          .isEqualTo(
              "this agent speaks p2pchat protocol 2 (encrypted links), Oldtimer speaks protocol 1; upgrade it");
      assertThat(client.closedByServer()).isTrue();
      assertThat(log.warnings())
          .anyMatch(w -> w.startsWith("Carol: ") && w.contains("speaks protocol 1; upgrade it"));
    }
    assertThat(carol.inbox.connected).isEmpty();
  }

  @Test
  void aServerOfThePlaintextProtocolIsReportedWithBothVersions() throws Exception {
    Identity sam = registry.enrol("Sam");
    try (java.net.ServerSocket oldServer =
            new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        LogCapture log = new LogCapture()) {
      Directory samsView = new Directory();
      samsView.put(
          new DialTarget(
              "Carol", "127.0.0.1", oldServer.getLocalPort(), Identity.generate().publicKey()));
      MemoryOutbox outbox = sendToCarol("Sam", sam, samsView, "hello old friend");
      try (java.net.Socket s = oldServer.accept()) {
        // protocol 1 answered any HELLO with a plaintext WELCOME: kind 2, version 1, name, nonce,
        // signature
        byte[] welcome = new byte[4 + 1 + 2 + 1 + 5 + 32 + 1 + 64];
        welcome[3] = (byte) (welcome.length - 4);
        welcome[4] = 2;
        welcome[6] = 1;
        welcome[7] = 5;
        System.arraycopy(
            "Carol".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, welcome, 8, 5);
        welcome[8 + 5 + 32] = 64;
        s.getOutputStream().write(welcome);
        awaitWarning(
            log,
            "Sam: refusing Carol",
            "it speaks p2pchat protocol 1 (plaintext), this agent speaks protocol 2");
      }
      assertThat(outbox.ackedUpTo("Carol")).isZero();
    }
  }
}

package p2pchat.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import p2pchat.agent.identity.Identity;
import p2pchat.agent.wire.Frame;

/**
 * Test fixture for attacks on Carol: Sam and Carol on one {@link Directory}, Sam talking to Carol,
 * and the raw connections an attacker opens to her. Closes all of them. One per test; not
 * thread-safe.
 */
final class TalkingPair implements AutoCloseable {
  final Directory registry = new Directory();
  final Node sam;
  final Node carol;
  private final Duration within;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private int sent;

  /** {@code within}: how long Carol may take to get what Sam says. */
  TalkingPair(TransportConfig config, EventLoopGroup group, Duration within) {
    this.within = within;
    sam = closeLater(new Node("Sam", config, group, registry).start(0));
    carol = closeLater(new Node("Carol", config, group, registry).start(0));
  }

  /** Sam sends 50 more lines; Carol has all he ever sent, acknowledged, in time. */
  void samSaysSomethingAndCarolGetsIt() {
    for (int i = 0; i < 50; i++) {
      sam.send("Carol", "line " + (++sent));
    }
    int expected = sent;
    await().atMost(within).until(() -> sam.outbox.ackedUpTo("Carol") == expected);
    assertThat(carol.inbox.textsFrom("Sam")).hasSize(expected);
  }

  /** A raw connection to Carol. */
  RawClient attacker() throws Exception {
    return closeLater(new RawClient(carol.address.getPort()));
  }

  /** {@code client} through the handshake as Mallory, a registered peer: Carol accepts it. */
  RawClient asMallory(RawClient client) throws Exception {
    Identity mallory = registry.enrol("Mallory");
    assertThat(client.handshake("Mallory", mallory, "Carol")).isEqualTo(new Frame.Ack(0));
    return client;
  }

  <T extends AutoCloseable> T closeLater(T closeable) {
    closeables.add(closeable);
    return closeable;
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    closeables.clear();
  }
}

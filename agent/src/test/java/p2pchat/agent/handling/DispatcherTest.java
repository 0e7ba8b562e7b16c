package p2pchat.agent.handling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.Behavior;
import p2pchat.agent.Durability;
import p2pchat.agent.Effects;
import p2pchat.agent.Message;
import p2pchat.agent.MessageRows;
import p2pchat.agent.store.Store;
import p2pchat.agent.transport.SenderQuota;

/**
 * The dispatcher on its own, with a real store: messages handed over in memory reach the behavior
 * once each, in arrival order; a round's effects commit with the messages marked handled; a
 * behavior that throws leaves its message to be handled again, effects not applied.
 */
class DispatcherTest {
  @TempDir Path dir;
  private Store store;
  private Dispatcher dispatcher;
  private final SenderQuota quota = new SenderQuota(100);
  private final List<Set<String>> woken = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    if (dispatcher != null) {
      dispatcher.abort();
    }
    if (store != null) {
      store.close();
    }
  }

  private static Message incoming(String from, long seq, String text) {
    return MessageRows.received(
        "id-" + from + "-" + seq, from, "Bot", seq, text, 1_000 + seq, 2_000 + seq);
  }

  private void start(Behavior behavior) {
    store = Store.open(dir, "Bot", Durability.FULL);
    dispatcher =
        new Dispatcher(
            new CallSetup("Bot", store, behavior, List::of, peer -> true, 1 << 20),
            woken::add,
            () -> {},
            quota);
    dispatcher.start();
  }

  /** Stores messages as the transport would and hands them over as the agent does. */
  private void arrive(String from, int fromSeq, int toSeq) {
    List<Message> batch =
        IntStream.rangeClosed(fromSeq, toSeq)
            .mapToObj(i -> incoming(from, i, from + " " + i))
            .toList();
    List<Message> stored = store.receive(from, batch).join();
    stored.forEach(m -> quota.stored(m.from(), 1));
    dispatcher.messagesStored(stored);
  }

  private long handled(String peer) {
    return store.history(peer).stream()
        .filter(m -> m.direction() == Message.Direction.IN && m.status() == Message.Status.HANDLED)
        .count();
  }

  @Test
  void eachMessageIsHandledOnceInArrivalOrderAndItsEffectsCommitWithIt() {
    List<String> seen = new CopyOnWriteArrayList<>();
    start(
        (Message m, Effects fx) -> {
          seen.add(m.text());
          fx.send(m.from(), "echo " + m.text());
        });
    arrive("Sam", 1, 300);
    arrive("Carol", 1, 5);
    arrive("Sam", 301, 400);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> handled("Sam") == 400 && handled("Carol") == 5);
    List<String> fromSam = seen.stream().filter(t -> t.startsWith("Sam ")).toList();
    assertThat(fromSam)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 400).mapToObj(i -> "Sam " + i).toList());
    assertThat(seen).hasSize(405);
    // the replies are queued, in order, and the peers they go to were woken after the commit
    assertThat(store.pendingOut("Sam", 0, 1000).stream().map(Message::text).toList())
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 400).mapToObj(i -> "echo Sam " + i).toList());
    assertThat(woken.stream().flatMap(Set::stream)).contains("Sam", "Carol");
    assertThat(quota.unhandled("Sam")).as("the quota hears of each handled message").isZero();
  }

  @Test
  void aHandlerThatThrowsCommitsNothingOfItsOwnAndTheOthersGoOn() {
    List<String> seen = new CopyOnWriteArrayList<>();
    start(
        (Message m, Effects fx) -> {
          seen.add(m.text());
          if (m.text().equals("Sam 2")) {
            fx.send("Sam", "half-done");
            throw new IllegalStateException("boom");
          }
          fx.send("Sam", "ok " + m.text());
        });
    arrive("Sam", 1, 3);

    await().atMost(Duration.ofSeconds(10)).until(() -> handled("Sam") == 3);
    assertThat(store.pendingOut("Sam", 0, 100).stream().map(Message::text).toList())
        .as("the failed handler's send did not commit; the others did")
        .containsExactly("ok Sam 1", "ok Sam 3");
    assertThat(seen).startsWith("Sam 1", "Sam 2").contains("Sam 3");
  }
}

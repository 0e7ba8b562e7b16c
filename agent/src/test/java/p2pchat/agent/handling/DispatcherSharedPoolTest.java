package p2pchat.agent.handling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pchat.agent.AgentListener;
import p2pchat.agent.Behavior;
import p2pchat.agent.Durability;
import p2pchat.agent.Effects;
import p2pchat.agent.Message;
import p2pchat.agent.MessageRows;
import p2pchat.agent.store.Store;
import p2pchat.agent.store.StoreJdbi;
import p2pchat.agent.transport.SenderQuota;

/**
 * Dispatchers sharing a small pool, as the agents of a runtime do: a handler that blocks holds one
 * thread and the other agents' messages are handled meanwhile; a timer fires without any message.
 */
class DispatcherSharedPoolTest {
  @TempDir Path dir;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final ExecutorService writers = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
  private final StoreJdbi jdbi = new StoreJdbi();
  private final List<Dispatcher> dispatchers = new ArrayList<>();
  private final List<Store> stores = new ArrayList<>();

  @AfterEach
  void close() {
    dispatchers.forEach(Dispatcher::abort);
    stores.forEach(Store::close);
    pool.shutdownNow();
    writers.shutdownNow();
    scheduler.shutdownNow();
  }

  private Dispatcher start(String name, Behavior behavior) {
    Store store =
        Store.open(
            dir.resolve(name), name, Durability.NORMAL, jdbi, System::currentTimeMillis, writers);
    stores.add(store);
    Dispatcher d =
        new Dispatcher(
            new CallSetup(name, store, behavior, List::of, peer -> true, 1 << 20),
            peers -> {},
            () -> {},
            new SenderQuota(1_000),
            new AgentListener() {},
            System::currentTimeMillis,
            pool,
            scheduler);
    dispatchers.add(d);
    d.start();
    return d;
  }

  private static void arrive(Store store, Dispatcher d, String from, int count) {
    List<Message> batch =
        IntStream.rangeClosed(1, count)
            .mapToObj(
                i ->
                    MessageRows.received(
                        "id-" + store.self() + "-" + i,
                        from,
                        store.self(),
                        i,
                        "m" + i,
                        1_000L + i,
                        2_000L + i))
            .toList();
    d.messagesStored(store.receive(from, batch).join());
  }

  private static long handled(Store store) {
    return store.history(null).stream().filter(m -> m.status() == Message.Status.HANDLED).count();
  }

  @Test
  void aBlockingHandlerHoldsOneThreadWhileOtherAgentsAreHandled() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocking = new CountDownLatch(1);
    Dispatcher stuck =
        start(
            "Stuck",
            (Message m, Effects fx) -> {
              blocking.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    arrive(stores.get(0), stuck, "Sam", 1);
    assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();

    List<Dispatcher> others = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      others.add(start("Bot" + i, (Message m, Effects fx) -> fx.send(m.from(), "re " + m.text())));
    }
    for (int i = 0; i < 10; i++) {
      arrive(stores.get(i + 1), others.get(i), "Sam", 20);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> stores.subList(1, 11).stream().allMatch(s -> handled(s) == 20));
    assertThat(handled(stores.get(0))).isZero();
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> handled(stores.get(0)) == 1);
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().endsWith("-script"));
  }

  @Test
  void aTimerFiresWithNoMessageToWakeTheDispatcher() {
    List<String> fired = new java.util.concurrent.CopyOnWriteArrayList<>();
    Behavior timed =
        new Behavior() {
          @Override
          public void onStart(Effects fx) {
            fx.schedule(Duration.ofMillis(300), null, new byte[0], "tick");
          }

          @Override
          public void onMessage(Message m, Effects fx) {}

          @Override
          public void onTimer(p2pchat.agent.Job job, Effects fx) {
            fired.add(job.description());
          }
        };
    start("Timed", timed);
    await().atMost(Duration.ofSeconds(10)).until(() -> fired.equals(List.of("tick")));
  }

  @Test
  void aRepeatingTimerKeepsFiringWhileEventsWakeTheDispatcherBetweenItsTicks() {
    java.util.concurrent.atomic.AtomicInteger ticks =
        new java.util.concurrent.atomic.AtomicInteger();
    Behavior ticking =
        new Behavior() {
          @Override
          public void onStart(Effects fx) {
            fx.schedule(Duration.ofMillis(2), Duration.ofMillis(2), new byte[0], "tick");
          }

          @Override
          public void onMessage(Message m, Effects fx) {}

          @Override
          public void onTimer(p2pchat.agent.Job job, Effects fx) {
            ticks.incrementAndGet();
          }
        };
    Dispatcher d = start("Ticking", ticking);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < until) {
      d.clockMoved(); // rings at any moment, also just before a tick is due
      Thread.onSpinWait();
    }
    int seen = ticks.get();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ticks.get() >= seen + 50); // still ticking on its own
  }
}

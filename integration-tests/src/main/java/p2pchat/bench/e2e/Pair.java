package p2pchat.bench.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentConfig;
import p2pchat.agent.AgentListener;
import p2pchat.agent.AgentRuntime;
import p2pchat.agent.Durability;
import p2pchat.agent.Message;
import p2pchat.discovery.EmbeddedRegistry;

/**
 * The end-to-end benchmarks' stage: one registry in this JVM and two agents, Sender and Receiver,
 * sharing one {@link AgentRuntime}, each with its own SQLite file, talking over 127.0.0.1 through
 * the public API only. Counts what the receiver committed and what the sender saw delivered. The
 * agents' methods are thread-safe; starting and stopping them is not (one benchmark drives a pair).
 */
public final class Pair implements AutoCloseable {
  public static final String SENDER = "Sender";
  public static final String RECEIVER = "Receiver";

  private final EmbeddedRegistry registry;
  private final AgentRuntime runtime = AgentRuntime.create();
  private final AgentConfig senderConfig;
  private final AgentConfig receiverConfig;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final List<AgentListener> senderListeners;
  private final List<AgentListener> receiverListeners;
  private final Agent sender;
  private Agent receiver;

  /**
   * @param receiverScript a bot script for the receiver, or null for the default (store only)
   */
  public Pair(
      Path dir,
      Durability durability,
      Path receiverScript,
      List<AgentListener> senderListeners,
      List<AgentListener> receiverListeners) {
    this.registry =
        EmbeddedRegistry.start(EmbeddedRegistry.Settings.onFile(dir.resolve("registry.db")));
    this.senderListeners = List.copyOf(senderListeners);
    this.receiverListeners = List.copyOf(receiverListeners);
    this.senderConfig =
        AgentConfig.of(SENDER, registry.url(), dir.resolve(SENDER)).withDurability(durability);
    AgentConfig r =
        AgentConfig.of(RECEIVER, registry.url(), dir.resolve(RECEIVER)).withDurability(durability);
    this.receiverConfig = receiverScript == null ? r : r.withScript(receiverScript);
    this.receiver = startReceiver();
    this.sender =
        Agent.start(
            senderConfig,
            runtime,
            listeners(
                this.senderListeners,
                new AgentListener() {
                  @Override
                  public void delivered(List<Message> messages) {
                    delivered.addAndGet(messages.size());
                  }
                }));
    awaitOnline(sender, RECEIVER);
  }

  public Pair(Path dir, Durability durability) {
    this(dir, durability, null, List.of(), List.of());
  }

  private Agent startReceiver() {
    return Agent.start(
        receiverConfig,
        runtime,
        listeners(
            receiverListeners,
            new AgentListener() {
              @Override
              public void received(List<Message> messages) {
                received.addAndGet(messages.size());
              }
            }));
  }

  private static AgentListener[] listeners(List<AgentListener> given, AgentListener counter) {
    AgentListener[] all = given.toArray(new AgentListener[given.size() + 1]);
    all[given.size()] = counter;
    return all;
  }

  /** The runtime both agents share (e.g. to serve the sender's HTTP side on its event loops). */
  public AgentRuntime runtime() {
    return runtime;
  }

  public Agent sender() {
    return sender;
  }

  public Agent receiver() {
    return receiver;
  }

  /** Messages the receiver has committed since the pair started. */
  public long received() {
    return received.get();
  }

  /** Messages the sender has seen acknowledged since the pair started. */
  public long delivered() {
    return delivered.get();
  }

  /** Graceful stop of the receiver: the registry hears "away" and the sender queues. */
  public void stopReceiver() {
    receiver.stop();
    awaitUntil(
        Duration.ofSeconds(30),
        () -> !sender.isOnline(RECEIVER),
        "the sender to see the receiver away");
  }

  /** Starts the receiver again on its data directory. */
  public Agent restartReceiver() {
    receiver = startReceiver();
    return receiver;
  }

  /** Starts an agent of another name on {@code dir}, beside the pair (the caller stops it). */
  public Agent startAnother(String name, Path dir) {
    return Agent.start(
        AgentConfig.of(name, registry.url(), dir).withDurability(receiverConfig.durability()),
        runtime);
  }

  /**
   * Waits until the receiver committed and the sender saw acknowledged {@code count} messages each.
   */
  public void awaitAll(long count, Duration patience) {
    awaitUntil(
        patience,
        () -> received.get() >= count && delivered.get() >= count,
        "all "
            + count
            + " messages delivered (received "
            + received.get()
            + ", acked "
            + delivered.get()
            + ")");
  }

  static void awaitOnline(Agent agent, String peer) {
    awaitUntil(
        Duration.ofSeconds(30),
        () -> agent.isOnline(peer),
        agent.name() + " to see " + peer + " online");
  }

  /** A wait without a fixed sleep: parks briefly between looks, fails with what it waited for. */
  public static void awaitUntil(Duration patience, BooleanSupplier done, String what) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after " + patience.toSeconds() + " s waiting for " + what,
            new TimeoutException());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  @Override
  public void close() {
    try {
      sender.stop();
      receiver.stop();
    } finally {
      registry.close();
      runtime.close();
    }
  }
}

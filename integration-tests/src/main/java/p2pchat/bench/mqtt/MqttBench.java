package p2pchat.bench.mqtt;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import p2pchat.bench.e2e.Pair;

/**
 * The peer a user would pick instead: publisher → Mosquitto → subscriber with QoS 1 and a
 * persistent session (clean session off), the usual store-and-forward setup for offline clients,
 * driven by Eclipse Paho. 100-byte messages; up to {@link #IN_FLIGHT} unacknowledged publishes.
 * Throughput (until the subscriber has every message), latency of single messages (publish →
 * subscriber callback) and the drain of messages queued for the subscriber while it was offline.
 * Not thread-safe; one run at a time.
 */
public final class MqttBench {
  static final int IN_FLIGHT = 1_000;
  private static final String TOPIC = "bench/chat";

  /** Empty when the broker is not installed: {@code skipped} says why. */
  public record Figures(
      double msgsPerSecond,
      double latencyP50Millis,
      double latencyP99Millis,
      int drained,
      double drainSeconds) {}

  private MqttBench() {}

  /** Why the comparison cannot run here, or empty when it can. */
  public static Optional<String> unavailable() {
    return Mosquitto.binary().isPresent()
        ? Optional.empty()
        : Optional.of("mosquitto is not installed (apt-get install mosquitto)");
  }

  public static Figures run(Path dir, int messages, int probes, int drain) throws Exception {
    try (Mosquitto broker = Mosquitto.start(Mosquitto.binary().orElseThrow(), dir)) {
      AtomicLong arrived = new AtomicLong();
      AtomicReference<LongConsumer> onArrival = new AtomicReference<>(id -> {});
      MqttAsyncClient sub = client(broker, "bench-sub", arrived, onArrival);
      connect(sub, false);
      sub.subscribe(TOPIC, 1).waitForCompletion();
      MqttAsyncClient pub =
          client(broker, "bench-pub", new AtomicLong(), new AtomicReference<>(id -> {}));
      connect(pub, true);

      publish(pub, Math.min(messages, 20_000), arrived); // warm-up
      double rate = publish(pub, messages, arrived);

      Histogram latency = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
      long[] sentAt = new long[probes];
      AtomicLong probeDone = new AtomicLong(-1);
      onArrival.set(
          id -> {
            if (id >= 0 && id < probes) {
              latency.recordValue(System.nanoTime() - sentAt[(int) id]);
              probeDone.set(id);
            }
          });
      for (int i = 0; i < probes; i++) {
        int id = i;
        sentAt[i] = System.nanoTime();
        pub.publish(TOPIC, payload(id), 1, false);
        Pair.awaitUntil(Duration.ofSeconds(30), () -> probeDone.get() >= id, "MQTT probe " + id);
      }
      onArrival.set(id -> {});

      sub.disconnect().waitForCompletion();
      long before = arrived.get();
      publish(pub, drain, null); // queued by the broker for the offline persistent session
      long t0 = System.nanoTime();
      connect(sub, false); // the session resumes: no new subscription
      Pair.awaitUntil(
          Duration.ofMinutes(5),
          () -> arrived.get() - before >= drain,
          drain + " queued MQTT messages (got " + (arrived.get() - before) + ")");
      double drainSeconds = (System.nanoTime() - t0) / 1e9;
      close(pub);
      close(sub);
      return new Figures(
          rate,
          latency.getValueAtPercentile(50) / 1e6,
          latency.getValueAtPercentile(99) / 1e6,
          drain,
          drainSeconds);
    }
  }

  private static MqttAsyncClient client(
      Mosquitto broker, String id, AtomicLong arrived, AtomicReference<LongConsumer> onArrival)
      throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(broker.url(), id, new MemoryPersistence());
    c.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {}

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            onArrival.get().accept(ByteBuffer.wrap(message.getPayload()).getLong());
            arrived.incrementAndGet();
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    return c;
  }

  private static void connect(MqttAsyncClient c, boolean cleanSession) throws MqttException {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(cleanSession);
    o.setMaxInflight(IN_FLIGHT);
    o.setAutomaticReconnect(false);
    c.connect(o).waitForCompletion(30_000);
  }

  /**
   * Publishes {@code count} QoS-1 messages with at most {@link #IN_FLIGHT} unacknowledged; returns
   * messages per second until every PUBACK came and, if {@code arrived} is given, the subscriber
   * has them all.
   */
  private static double publish(MqttAsyncClient pub, int count, AtomicLong arrived)
      throws Exception {
    Semaphore window = new Semaphore(IN_FLIGHT);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    IMqttActionListener release =
        new IMqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            window.release();
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            failure.compareAndSet(null, e);
            window.release();
          }
        };
    long before = arrived == null ? 0 : arrived.get();
    long t0 = System.nanoTime();
    for (int i = 0; i < count && failure.get() == null; i++) {
      window.acquire();
      MqttMessage m = new MqttMessage(payload(Long.MAX_VALUE));
      m.setQos(1);
      pub.publish(TOPIC, m, null, release);
    }
    window.acquire(IN_FLIGHT);
    if (failure.get() != null) {
      throw new IllegalStateException("an MQTT publish failed: " + failure.get(), failure.get());
    }
    if (arrived != null) {
      Pair.awaitUntil(
          Duration.ofMinutes(5), () -> arrived.get() - before >= count, count + " MQTT messages");
    }
    return count * 1e9 / (System.nanoTime() - t0);
  }

  private static byte[] payload(long id) {
    return ByteBuffer.allocate(100).putLong(id).array();
  }

  private static void close(MqttAsyncClient c) throws MqttException {
    if (c.isConnected()) {
      c.disconnect().waitForCompletion(10_000);
    }
    c.close();
  }
}

package p2pchat.agent.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import p2pchat.agent.Agent;
import p2pchat.agent.AgentListener;
import p2pchat.agent.HandlerCall;
import p2pchat.agent.Job;
import p2pchat.agent.Message;

/**
 * One agent's meters in a Micrometer registry of its own (never the global one: a JVM holds many
 * agents), scraped in the Prometheus text format. Counts come from the agent's listener callbacks,
 * so the message path pays a few adder increments and no locks; what needs the store (outbox depth
 * per peer, timers due) or the links is read at scrape time, off the event loops. Thread-safe.
 */
final class AgentMetrics implements AgentListener {
  /** Link states as {@code Transport} names them; each gets a gauge, 0 when no link is in it. */
  private static final List<String> LINK_STATES =
      List.of("idle", "checking", "connecting", "ready", "backoff", "closed");

  private final Agent agent;
  private final boolean storeOnly;
  private final PrometheusMeterRegistry registry;
  private final Counter sent;
  private final Counter delivered;
  private final Counter received;
  private final Counter expired;
  private final Counter handled;
  private final Counter timersFired;
  private final Timer deliveryLatency;
  private final Map<HandlerCall.Kind, Timer> handlerTime = new EnumMap<>(HandlerCall.Kind.class);
  private final Map<HandlerCall.Kind, Counter> handlerErrors =
      new EnumMap<>(HandlerCall.Kind.class);
  private final MultiGauge outboxDepth;
  private final MultiGauge links;
  private final AtomicLong timersDue = new AtomicLong();
  private final AtomicLong timersPending = new AtomicLong();

  AgentMetrics(Agent agent) {
    this.agent = agent;
    this.storeOnly = agent.config().script() == null;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("agent", agent.name());
    this.sent = messages("sent", "queued durably in the outbox (a room's message once)");
    this.delivered = messages("delivered", "acknowledged by their receiver");
    this.received = messages("received", "stored from other peers");
    this.expired = messages("expired", "past their time-to-live before being sent");
    this.handled = messages("handled", "handed to the behavior, with their round committed");
    this.timersFired =
        Counter.builder("p2pchat.timers.fired").description("timers fired").register(registry);
    this.deliveryLatency =
        Timer.builder("p2pchat.delivery.latency")
            .description("from queued to acknowledged by the receiver")
            .serviceLevelObjectives(
                buckets(
                    1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000,
                    60_000))
            .register(registry);
    for (HandlerCall.Kind kind : HandlerCall.Kind.values()) {
      String k = kind.name().toLowerCase(Locale.ROOT);
      handlerTime.put(
          kind,
          Timer.builder("p2pchat.handler.time")
              .description("time the behavior took per call")
              .tag("kind", k)
              .serviceLevelObjectives(buckets(1, 5, 10, 50, 100, 500, 1_000, 5_000))
              .register(registry));
      handlerErrors.put(
          kind,
          Counter.builder("p2pchat.handler.errors")
              .description("behavior calls that threw")
              .tag("kind", k)
              .register(registry));
    }
    this.outboxDepth =
        MultiGauge.builder("p2pchat.outbox.depth")
            .description("messages waiting for their receiver's acknowledgement, per peer")
            .register(registry);
    this.links =
        MultiGauge.builder("p2pchat.links")
            .description("outbound links by state")
            .register(registry);
    Gauge.builder("p2pchat.timers.due", timersDue, AtomicLong::get)
        .description("persisted timers whose time has come, not yet fired")
        .register(registry);
    Gauge.builder("p2pchat.timers.pending", timersPending, AtomicLong::get)
        .description("persisted timers")
        .register(registry);
  }

  private Counter messages(String what, String description) {
    return Counter.builder("p2pchat.messages." + what)
        .description("messages " + description)
        .register(registry);
  }

  private static Duration[] buckets(long... millis) {
    Duration[] out = new Duration[millis.length];
    for (int i = 0; i < millis.length; i++) {
      out[i] = Duration.ofMillis(millis[i]);
    }
    return out;
  }

  /**
   * Reads the store and the links, then writes every meter in the Prometheus text format. Blocks on
   * SQLite reads: never call it on an event loop.
   */
  synchronized String scrape() {
    Map<String, Long> depths = new TreeMap<>(agent.outboxDepths());
    List<MultiGauge.Row<?>> rows = new ArrayList<>(depths.size());
    depths.forEach((peer, n) -> rows.add(MultiGauge.Row.of(Tags.of("peer", peer), n)));
    outboxDepth.register(rows, true);
    Map<String, Integer> states = agent.linkStates();
    List<MultiGauge.Row<?>> linkRows = new ArrayList<>();
    for (String state : LINK_STATES) {
      linkRows.add(MultiGauge.Row.of(Tags.of("state", state), states.getOrDefault(state, 0)));
    }
    links.register(linkRows, true);
    long now = System.currentTimeMillis();
    List<Job> jobs = agent.timers();
    timersPending.set(jobs.size());
    timersDue.set(jobs.stream().filter(j -> j.dueAt() <= now).count());
    return registry.scrape();
  }

  @Override
  public void queued(List<Message> messages) {
    sent.increment(messages.size());
  }

  @Override
  public void received(List<Message> messages) {
    received.increment(messages.size());
    if (storeOnly) {
      handled.increment(messages.size()); // without a script they are stored as handled
    }
  }

  @Override
  public void delivered(List<Message> messages) {
    delivered.increment(messages.size());
    long now = System.currentTimeMillis();
    for (Message m : messages) {
      deliveryLatency.record(Math.max(0, now - m.sentAt()), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void expired(List<Message> messages) {
    expired.increment(messages.size());
  }

  @Override
  public void handled(List<HandlerCall> calls) {
    long messages = 0;
    long timers = 0;
    for (HandlerCall c : calls) {
      handlerTime.get(c.kind()).record(c.nanos(), TimeUnit.NANOSECONDS);
      if (c.failed()) {
        handlerErrors.get(c.kind()).increment();
      }
      if (c.kind() == HandlerCall.Kind.MESSAGE) {
        messages++;
      } else if (c.kind() == HandlerCall.Kind.TIMER) {
        timers++;
      }
    }
    if (messages > 0) {
      handled.increment(messages);
    }
    if (timers > 0) {
      timersFired.increment(timers);
    }
  }
}

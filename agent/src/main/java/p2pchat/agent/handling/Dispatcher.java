package p2pchat.agent.handling;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import p2pchat.agent.AgentEvent;
import p2pchat.agent.AgentListener;
import p2pchat.agent.Behavior;
import p2pchat.agent.BehaviorCall;
import p2pchat.agent.HandlerCall;
import p2pchat.agent.Job;
import p2pchat.agent.Message;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.common.Causes;
import p2pchat.agent.store.Store;
import p2pchat.agent.transport.SenderQuota;

/**
 * Runs an agent's {@link Behavior} on its own thread ({@code agent-NAME-script}): events, received
 * messages (handed over in memory as they are stored, up to a bound past which a slow behavior
 * leaves them waiting as rows and they are read back from the store) and due timers, one call at a
 * time. The effects of a round of calls commit in one transaction together with marking their
 * messages handled and their timers fired, so after a crash either all of a call's effects happened
 * or none did and the call is made again. The hand-over of messages is {@link InboxHandOver}'s, the
 * timers are a {@link TimerSet}, the commit is {@link RoundCommit}'s; each call is made by the
 * {@link CallRunner}, calls from outside wait in {@link OutsideCalls}, and the thread sleeps on a
 * {@link Doorbell}.
 *
 * <p>Thread-safe entry points: {@link #signal}, {@link #messagesStored}, {@link #event}, {@link
 * #stop}, {@link #abort}. Everything else is confined to the dispatch thread.
 */
public final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final int BATCH = 256;

  private final String name;
  private final Behavior behavior;
  private final Thread thread;
  private final ConcurrentLinkedQueue<AgentEvent> events = new ConcurrentLinkedQueue<>();
  private final OutsideCalls requests;
  private final InboxHandOver inbox;
  private final TimerSet timers = new TimerSet();
  private final java.util.function.LongSupplier clock;
  private final CallRunner runner;
  private final RoundCommit rounds;
  private final Doorbell doorbell = new Doorbell();
  private volatile boolean stopping;
  private volatile boolean aborted;

  public Dispatcher(
      String name,
      Store store,
      Behavior behavior,
      Supplier<List<PeerInfo>> peers,
      Predicate<String> online,
      int maxMessageBytes,
      Consumer<Set<String>> wakePeers,
      Runnable requestStop,
      SenderQuota quota) {
    this(
        name,
        store,
        behavior,
        peers,
        online,
        maxMessageBytes,
        wakePeers,
        requestStop,
        quota,
        new AgentListener() {},
        System::currentTimeMillis);
  }

  /**
   * As above, telling {@code news} (on the dispatch thread, after each round's commit) what was
   * queued and which calls ran ({@link AgentListener#queued}, {@link AgentListener#handled}), and
   * reading the time (epoch ms) that timers are due by from {@code clock}.
   */
  public Dispatcher(
      String name,
      Store store,
      Behavior behavior,
      Supplier<List<PeerInfo>> peers,
      Predicate<String> online,
      int maxMessageBytes,
      Consumer<Set<String>> wakePeers,
      Runnable requestStop,
      SenderQuota quota,
      AgentListener news,
      java.util.function.LongSupplier clock) {
    this.clock = clock;
    this.name = name;
    this.behavior = behavior;
    this.requests = new OutsideCalls(name);
    this.runner =
        new CallRunner(name, store, behavior, peers, online, maxMessageBytes, timers, clock);
    this.inbox = new InboxHandOver(store, BATCH);
    this.rounds = new RoundCommit(store, timers, quota, wakePeers, requestStop, news, clock);
    this.thread = new Thread(this::run, "agent-" + name + "-script");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /**
   * New messages were stored (called by the store's writer, after the commit, in storage order).
   */
  public void messagesStored(List<Message> stored) {
    inbox.stored(stored);
    signal();
  }

  /** The clock moved (a skew set or taken back): timers may be due now. */
  public void clockMoved() {
    signal();
  }

  /** Something may be due: look again. */
  void signal() {
    doorbell.ring();
  }

  /**
   * Hands an event to the behavior, unless it ignores such events (the store-only one ignores all).
   */
  public void event(AgentEvent event) {
    if (behavior == Behavior.STORE_ONLY || !behavior.wants(event)) {
      return;
    }
    events.add(event);
    signal();
  }

  /**
   * Runs {@code call} as one call of the next round; the future completes after that round's commit
   * (see {@link p2pchat.agent.Agent#callBehavior}).
   */
  public <T> CompletableFuture<T> submit(BehaviorCall<T> call) {
    CompletableFuture<T> answer = requests.add(call);
    if (stopping) {
      requests.failAll();
    } else {
      signal();
    }
    return answer;
  }

  /** Graceful: finishes the round in progress, runs {@code on stop}, commits, returns. */
  public void stop() {
    stopping = true;
    signal();
    joinQuietly();
  }

  /** Crash: the thread ends without committing what it holds. */
  public void abort() {
    aborted = true;
    stopping = true;
    thread.interrupt();
    joinQuietly();
  }

  private void joinQuietly() {
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    MDC.put("agent", name);
    try {
      reload();
      commitRound(
          List.of(runner.run(null, null, HandlerCall.Kind.EVENT, fx -> behavior.onStart(fx))));
      while (!stopping) {
        if (!round()) {
          awaitWork();
        }
      }
      if (!aborted) {
        commitRound(
            List.of(runner.run(null, null, HandlerCall.Kind.EVENT, fx -> behavior.onStop(fx))));
      }
    } catch (StoreUnavailable e) {
      if (!aborted) {
        log.error("agent {} stopped handling messages: {}", name, e.getMessage());
      }
    } catch (RuntimeException e) {
      if (!aborted) {
        log.error("agent {} dispatcher failed", name, e);
      }
    } finally {
      stopping = true;
      requests.failAll();
    }
  }

  /** One round: events, then a batch of messages, then due timers; commits them together. */
  private boolean round() {
    List<Call> calls = new ArrayList<>();
    AgentEvent ev;
    while (calls.size() < BATCH && (ev = events.poll()) != null) {
      AgentEvent event = ev;
      calls.add(runner.run(null, null, HandlerCall.Kind.EVENT, fx -> behavior.onEvent(event, fx)));
    }
    List<OutsideCalls.Request<?>> asked = new ArrayList<>();
    OutsideCalls.Request<?> r;
    while (calls.size() < BATCH && (r = requests.poll()) != null) {
      asked.add(r);
      calls.add(runner.run(null, null, HandlerCall.Kind.REQUEST, r::invoke));
    }
    for (Message m : inbox.next()) {
      AgentEvent notice = RoomNotices.of(name, m);
      if (notice == null) {
        calls.add(runner.run(m, null, HandlerCall.Kind.MESSAGE, fx -> behavior.onMessage(m, fx)));
      } else if (behavior.wants(notice)) {
        calls.add(runner.run(m, null, HandlerCall.Kind.EVENT, fx -> behavior.onEvent(notice, fx)));
      } else {
        calls.add(runner.run(m, null, HandlerCall.Kind.MESSAGE, fx -> {}));
      }
    }
    long now = clock.getAsLong();
    Job job;
    while (calls.size() < 2 * BATCH && (job = timers.pollDue(now)) != null) {
      Job fired = job;
      calls.add(runner.run(null, fired, HandlerCall.Kind.TIMER, fx -> behavior.onTimer(fired, fx)));
    }
    if (calls.isEmpty()) {
      return false;
    }
    boolean committed = false;
    try {
      committed = commitRound(calls);
    } finally {
      boolean done = committed;
      asked.forEach(a -> a.settle(done));
    }
    return true;
  }

  private boolean commitRound(List<Call> calls) {
    try {
      rounds.commit(calls);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailable("interrupted");
    } catch (Exception e) {
      if (aborted) {
        throw new StoreUnavailable("aborted");
      }
      // Nothing of this round committed: forget what we applied locally and try again later;
      // the messages are still 'received' and will be handed to the behavior again.
      log.warn("agent {} could not commit handler effects ({}); retrying", name, Causes.oneLine(e));
      reload();
      inbox.reread();
      pause(1000);
      return false;
    }
  }

  private void reload() {
    runner.reload();
  }

  private void awaitWork() {
    pause(timers.waitMillis(clock.getAsLong(), 1000));
  }

  private void pause(long millis) {
    try {
      doorbell.await(millis, () -> stopping);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  private static final class StoreUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreUnavailable(String message) {
      super(message);
    }
  }
}

package p2pchat.agent.handling;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
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
import p2pchat.agent.common.Causes;
import p2pchat.agent.common.SerialDrain;
import p2pchat.agent.transport.SenderQuota;

/**
 * Runs an agent's {@link Behavior}: events, received messages (handed over in memory as they are
 * stored, up to a bound past which a slow behavior leaves them waiting as rows and they are read
 * back from the store) and due timers, one call at a time. The effects of a round of calls commit
 * in one transaction together with marking their messages handled and their timers fired, so after
 * a crash either all of a call's effects happened or none did and the call is made again. The
 * hand-over of messages is {@link InboxHandOver}'s, the timers are a {@link TimerSet}, the commit
 * is {@link RoundCommit}'s; each call is made by the {@link CallRunner}, calls from outside wait in
 * {@link OutsideCalls}. It has no thread of its own: a round is one drain ({@link SerialDrain}) on
 * a pool the dispatchers of a runtime share, run when something arrives or when a timer is due
 * (woken by the scheduler), so rounds of one agent never overlap and come in order.
 *
 * <p>Thread-safe entry points: {@link #signal}, {@link #messagesStored}, {@link #event}, {@link
 * #stop}, {@link #abort}. Everything else is confined to the drains, one at a time.
 */
public final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final int BATCH = 256;

  private final String name;
  private final Behavior behavior;
  private final SerialDrain drain;
  private final Wakeup wakeup;
  private final ExecutorService own; // null on a shared pool
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private final ConcurrentLinkedQueue<AgentEvent> events = new ConcurrentLinkedQueue<>();
  private final OutsideCalls requests;
  private final InboxHandOver inbox;
  private final TimerSet timers = new TimerSet();
  private final java.util.function.LongSupplier clock;
  private final CallRunner runner;
  private final RoundCommit rounds;
  private volatile boolean started;
  private volatile boolean stopping;
  private volatile boolean aborted;
  private boolean begun; // onStart has run; confined to the drains
  private long pausedUntil; // System.nanoTime after a failed commit, while paused; drains only
  private boolean paused;

  public Dispatcher(
      CallSetup calls, Consumer<Set<String>> wakePeers, Runnable requestStop, SenderQuota quota) {
    this(
        calls,
        wakePeers,
        requestStop,
        quota,
        new AgentListener() {},
        System::currentTimeMillis,
        null,
        null);
  }

  /**
   * As above, telling {@code news} (in the dispatcher's drains, after each round's commit) what was
   * queued and which calls ran ({@link AgentListener#queued}, {@link AgentListener#handled}), and
   * reading the time (epoch ms) that timers are due by from {@code clock}; its rounds run on {@code
   * pool}, shared with other dispatchers, and due timers are woken by {@code scheduler} (both null:
   * a thread of its own, {@code agent-NAME-script}, for both).
   */
  public Dispatcher(
      CallSetup calls,
      Consumer<Set<String>> wakePeers,
      Runnable requestStop,
      SenderQuota quota,
      AgentListener news,
      java.util.function.LongSupplier clock,
      Executor pool,
      ScheduledExecutorService scheduler) {
    String name = calls.name();
    this.clock = clock;
    this.name = name;
    this.behavior = calls.behavior();
    this.requests = new OutsideCalls(name);
    this.runner = new CallRunner(calls, timers, clock);
    this.inbox = new InboxHandOver(calls.store(), BATCH);
    this.rounds =
        new RoundCommit(calls.store(), timers, quota, wakePeers, requestStop, news, clock);
    ScheduledThreadPoolExecutor ownThread =
        pool == null ? ownThread(name) : null; // its one thread runs the rounds and the wakes
    this.own = ownThread;
    this.drain = new SerialDrain(pool == null ? ownThread : pool, this::drainOnce, this::end);
    this.wakeup = new Wakeup(pool == null ? ownThread : scheduler, drain::schedule);
  }

  private static ScheduledThreadPoolExecutor ownThread(String name) {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread th = new Thread(r, "agent-" + name + "-script");
              th.setDaemon(true);
              return th;
            });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  public void start() {
    started = true;
    drain.schedule();
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
    if (started) {
      drain.schedule();
    }
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
    if (!started) {
      end();
      return;
    }
    drain.schedule();
    awaitEnd();
  }

  /** Crash: the round in progress is interrupted and nothing it holds is committed. */
  public void abort() {
    aborted = true;
    stopping = true;
    if (!started) {
      end();
      return;
    }
    drain.interrupt();
    drain.schedule();
    awaitEnd();
  }

  private void awaitEnd() {
    if (drain.inDrain()) {
      return; // asked by the behavior itself: the drain ends after this round
    }
    try {
      finished.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("agent {} dispatcher did not stop within 10 s (a handler blocks?)", name);
    }
  }

  /**
   * One turn on the pool: on start, {@code on start}; then one round; at the end, {@code on stop}.
   */
  private boolean drainOnce() {
    if (finished.isDone()) {
      return false;
    }
    MDC.put("agent", name);
    try {
      if (!begun) {
        begun = true;
        reload();
        commitRound(
            List.of(runner.run(null, null, HandlerCall.Kind.EVENT, fx -> behavior.onStart(fx))));
      }
      if (!stopping) {
        long left = pausedUntil - System.nanoTime();
        if (paused && left > 0) { // after a failed commit: not before the pause's end
          wakeup.in(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
          return false;
        }
        paused = false;
        if (round()) {
          return true; // more may wait: again, behind the other agents
        }
        if (!stopping) {
          wakeForTimers();
          return false;
        }
      }
      if (!aborted) {
        commitRound(
            List.of(runner.run(null, null, HandlerCall.Kind.EVENT, fx -> behavior.onStop(fx))));
      }
      end();
    } catch (StoreUnavailable e) {
      if (!aborted) {
        log.error("agent {} stopped handling messages: {}", name, e.getMessage());
      }
      end();
    } catch (RuntimeException e) {
      if (!aborted) {
        log.error("agent {} dispatcher failed", name, e);
      }
      end();
    } finally {
      MDC.remove("agent");
    }
    return false;
  }

  /** The dispatcher is done (or its pool is shut down): calls waiting fail, nothing runs again. */
  private void end() {
    stopping = true;
    requests.failAll();
    wakeup.cancel();
    finished.complete(null);
    if (own != null) {
      own.shutdown();
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
      paused = true;
      pausedUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      wakeup.in(1000);
      return false;
    }
  }

  private void reload() {
    runner.reload();
  }

  /** With timers set, a wake-up when the first is due, and at least once a second (clock skews). */
  private void wakeForTimers() {
    if (timers.hasAny()) {
      wakeup.in(timers.waitMillis(clock.getAsLong(), 1000));
    }
  }

  private static final class StoreUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreUnavailable(String message) {
      super(message);
    }
  }
}

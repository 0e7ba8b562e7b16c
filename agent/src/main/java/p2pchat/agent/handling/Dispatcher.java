package p2pchat.agent.handling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import p2pchat.agent.AgentEvent;
import p2pchat.agent.Behavior;
import p2pchat.agent.Job;
import p2pchat.agent.Message;
import p2pchat.agent.PeerInfo;
import p2pchat.agent.common.Causes;
import p2pchat.agent.store.Store;
import p2pchat.agent.store.Tx;
import p2pchat.agent.transport.SenderQuota;

/**
 * Runs an agent's {@link Behavior} on its own thread ({@code agent-NAME-script}): events, received
 * messages (handed over in memory as they are stored, up to a bound past which a slow behavior
 * leaves them waiting as rows and they are read back from the store) and due timers, one call at a
 * time. The effects of a round of calls commit in one transaction together with marking their
 * messages handled and their timers fired, so after a crash either all of a call's effects happened
 * or none did and the call is made again.
 *
 * <p>Thread-safe entry points: {@link #signal}, {@link #messagesStored}, {@link #event}, {@link
 * #stop}, {@link #abort}. Everything else is confined to the dispatch thread.
 */
public final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final int BATCH = 256;
  private static final Comparator<Job> BY_DUE =
      Comparator.comparingLong(Job::dueAt).thenComparingLong(Job::id);

  private final String name;
  private final Store store;
  private final Behavior behavior;
  private final Supplier<List<PeerInfo>> peers;
  private final Predicate<String> online;
  private final int maxMessageBytes;
  private final Consumer<Set<String>> wakePeers;
  private final Runnable requestStop;
  private final Thread thread;
  private final ConcurrentLinkedQueue<AgentEvent> events = new ConcurrentLinkedQueue<>();
  // Set when messages were stored (and at start): only then is the inbox worth a read. Events
  // and timers wake the thread too, and a thousand agents reading an empty inbox for every
  // presence change add up.
  private final AtomicBoolean inboxChanged = new AtomicBoolean(true);
  // Messages just stored, handed over in memory in storage order so that a handler runs without
  // reading back what was just written. Bounded: past ARRIVED_MAX they are left to the database
  // read (overflow), which is also how the dispatcher starts and how it recovers after a failed
  // round. Only the store's writer thread adds; only the dispatch thread takes.
  private static final int ARRIVED_MAX = 4096;
  private final ConcurrentLinkedQueue<Message> arrived = new ConcurrentLinkedQueue<>();
  private final AtomicInteger arrivedCount = new AtomicInteger();
  private volatile boolean overflow;
  // Confined to the dispatch thread: whether the inbox is read from the database, and the ids
  // of the last database read, which the memory queue may repeat at its head.
  private boolean fromDatabase = true;
  private Set<String> lastRead = Set.of();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean signalled;
  private volatile boolean stopping;
  private volatile boolean aborted;

  // Confined to the dispatch thread.
  private Map<String, String> state = new HashMap<>();
  private final TreeSet<Job> jobs = new TreeSet<>(BY_DUE);
  private long nextJobId;

  private final SenderQuota quota;

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
    this.quota = quota;
    this.name = name;
    this.store = store;
    this.behavior = behavior;
    this.peers = peers;
    this.online = online;
    this.maxMessageBytes = maxMessageBytes;
    this.wakePeers = wakePeers;
    this.requestStop = requestStop;
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
    if (!overflow) {
      if (arrivedCount.addAndGet(stored.size()) > ARRIVED_MAX) {
        arrivedCount.addAndGet(-stored.size());
        overflow = true;
      } else {
        arrived.addAll(stored);
      }
    }
    inboxChanged.set(true);
    signal();
  }

  /** Something may be due: look again. */
  void signal() {
    lock.lock();
    try {
      signalled = true;
      wake.signal();
    } finally {
      lock.unlock();
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
      commitRound(List.of(call(null, null, fx -> behavior.onStart(fx))));
      while (!stopping) {
        if (!round()) {
          awaitWork();
        }
      }
      if (!aborted) {
        commitRound(List.of(call(null, null, fx -> behavior.onStop(fx))));
      }
    } catch (StoreUnavailable e) {
      if (!aborted) {
        log.error("agent {} stopped handling messages: {}", name, e.getMessage());
      }
    } catch (RuntimeException e) {
      if (!aborted) {
        log.error("agent {} dispatcher failed", name, e);
      }
    }
  }

  /** One round: events, then a batch of messages, then due timers; commits them together. */
  private boolean round() {
    List<Call> calls = new ArrayList<>();
    AgentEvent ev;
    while (calls.size() < BATCH && (ev = events.poll()) != null) {
      AgentEvent event = ev;
      calls.add(call(null, null, fx -> behavior.onEvent(event, fx)));
    }
    if (inboxChanged.getAndSet(false)) {
      for (Message m : inbox()) {
        calls.add(call(m, null, fx -> behavior.onMessage(m, fx)));
      }
    }
    long now = System.currentTimeMillis();
    while (!jobs.isEmpty() && jobs.first().dueAt() <= now && calls.size() < 2 * BATCH) {
      Job job = jobs.pollFirst();
      calls.add(call(null, job, fx -> behavior.onTimer(job, fx)));
    }
    if (calls.isEmpty()) {
      return false;
    }
    commitRound(calls);
    return true;
  }

  /**
   * The next messages to handle, in storage order: from memory while it holds every message stored
   * since the last database read, else from the database.
   */
  private List<Message> inbox() {
    if (overflow) {
      fromDatabase = true;
    }
    if (fromDatabase) {
      // Whatever memory holds now is in the database too (added after its commit); whatever
      // arrives from here on may be as well, so the read's ids are kept to skip it once.
      overflow = false;
      while (arrived.poll() != null) {
        arrivedCount.decrementAndGet();
      }
      List<Message> read = store.unhandled(BATCH);
      if (read.size() == BATCH) {
        inboxChanged.set(true); // more are waiting: stay with the database
      } else {
        fromDatabase = false;
        lastRead = new HashSet<>();
        read.forEach(m -> lastRead.add(m.id()));
      }
      return read;
    }
    List<Message> taken = new ArrayList<>();
    for (Message m; taken.size() < BATCH && (m = arrived.poll()) != null; ) {
      arrivedCount.decrementAndGet();
      if (!lastRead.isEmpty()) {
        if (lastRead.contains(m.id())) {
          continue; // handed over by the database read already
        }
        lastRead = Set.of(); // repeats come only before anything new
      }
      taken.add(m);
    }
    if (!arrived.isEmpty()) {
      inboxChanged.set(true);
    }
    return taken;
  }

  private interface Invocation {
    void invoke(CallEffects fx) throws Exception;
  }

  private record Call(Message message, Job firedJob, CallEffects effects) {
    boolean changesNothing() {
      return message == null && firedJob == null && effects.isEmpty();
    }
  }

  private Call call(Message message, Job firedJob, Invocation invocation) {
    CallEffects fx = newEffects();
    try {
      invocation.invoke(fx);
    } catch (Exception | LinkageError | AssertionError e) {
      fx = newEffects();
      try {
        behavior.onError(e, message, fx);
      } catch (Exception | LinkageError | AssertionError again) {
        log.warn("error handler failed too: {}", again.toString());
        fx = newEffects();
      }
    }
    applyLocally(fx);
    return new Call(message, firedJob, fx);
  }

  private CallEffects newEffects() {
    return new CallEffects(
        name,
        state,
        peers,
        online,
        maxMessageBytes,
        () -> nextJobId++,
        () -> List.copyOf(jobs),
        System.currentTimeMillis());
  }

  /** Later calls of the same round must see earlier calls' state and timers. */
  private void applyLocally(CallEffects fx) {
    fx.stateChanges.forEach(
        (k, v) -> {
          if (v == null) {
            state.remove(k);
          } else {
            state.put(k, v);
          }
        });
    for (CallEffects.NewJob j : fx.newJobs) {
      jobs.add(new Job(j.id(), j.dueAt(), j.periodMillis(), j.payload(), j.description()));
    }
    if (!fx.cancelled.isEmpty()) {
      jobs.removeIf(j -> fx.cancelled.contains(j.id()));
    }
  }

  private void commitRound(List<Call> calls) {
    if (calls.stream().allMatch(Call::changesNothing)) {
      return; // e.g. events the behavior only looked at: nothing to commit, nothing to wake
    }
    long now = System.currentTimeMillis();
    List<Job> rescheduled = new ArrayList<>();
    try {
      store
          .transaction(
              (Tx tx) -> {
                for (Call c : calls) {
                  CallEffects fx = c.effects();
                  fx.sends.forEach(tx::enqueue);
                  fx.stateChanges.forEach(tx::putState);
                  for (CallEffects.NewJob j : fx.newJobs) {
                    tx.addJob(j.id(), j.dueAt(), j.periodMillis(), j.payload(), j.description());
                  }
                  fx.cancelled.forEach(tx::deleteJob);
                  if (c.message() != null) {
                    tx.markHandled(c.message().id());
                  }
                  Job fired = c.firedJob();
                  if (fired != null && !fx.cancelled.contains(fired.id())) {
                    if (fired.periodMillis() == null) {
                      tx.deleteJob(fired.id());
                    } else {
                      long next = fired.dueAt() + fired.periodMillis();
                      if (next <= now) {
                        next = now + fired.periodMillis();
                      }
                      tx.rescheduleJob(fired.id(), next);
                      rescheduled.add(
                          new Job(
                              fired.id(),
                              next,
                              fired.periodMillis(),
                              fired.payload(),
                              fired.description()));
                    }
                  }
                }
                return null;
              })
          .get(60, TimeUnit.SECONDS);
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
      inboxChanged.set(true); // the round's messages are still waiting: read them from the database
      fromDatabase = true;
      pause(1000);
      return;
    }
    jobs.addAll(rescheduled);
    for (Call c : calls) {
      if (c.message() != null) {
        quota.handled(c.message().from(), 1); // room for one more of that sender's messages
      }
    }
    Set<String> wake = new HashSet<>();
    boolean stop = false;
    for (Call c : calls) {
      c.effects().sends.forEach(o -> wake.add(o.to()));
      stop |= c.effects().stopRequested;
    }
    if (!wake.isEmpty()) {
      wakePeers.accept(wake);
    }
    if (stop) {
      requestStop.run();
    }
  }

  private void reload() {
    state = new HashMap<>(store.state());
    jobs.clear();
    jobs.addAll(store.jobs());
    nextJobId = jobs.stream().mapToLong(Job::id).max().orElse(0) + 1;
  }

  private void awaitWork() {
    long waitMs =
        jobs.isEmpty() ? 1000 : Math.max(1, jobs.first().dueAt() - System.currentTimeMillis());
    pause(Math.min(waitMs, 1000));
  }

  private void pause(long millis) {
    lock.lock();
    try {
      if (!signalled && !stopping) {
        wake.await(millis, TimeUnit.MILLISECONDS);
      }
      signalled = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    } finally {
      lock.unlock();
    }
  }

  private static final class StoreUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreUnavailable(String message) {
      super(message);
    }
  }
}

package p2pchat.agent.handling;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import p2pchat.agent.AgentListener;
import p2pchat.agent.HandlerCall;
import p2pchat.agent.Job;
import p2pchat.agent.Message;
import p2pchat.agent.store.Store;
import p2pchat.agent.store.Tx;
import p2pchat.agent.transport.SenderQuota;

/**
 * Commits one round of behavior calls in one store transaction — their sends, state changes and
 * timers, their messages marked handled, their fired timers deleted or rescheduled (docs/adr/0002)
 * — and, once committed, frees the senders' quota, wakes the receivers' links and passes on a stop
 * request. Used only in the dispatcher's drains; not thread-safe.
 */
final class RoundCommit {
  private final Store store;
  private final TimerSet timers;
  private final SenderQuota quota;
  private final Consumer<Set<String>> wakePeers;
  private final Runnable requestStop;
  private final AgentListener news;

  private final java.util.function.LongSupplier clock;

  RoundCommit(
      Store store,
      TimerSet timers,
      SenderQuota quota,
      Consumer<Set<String>> wakePeers,
      Runnable requestStop,
      AgentListener news,
      java.util.function.LongSupplier clock) {
    this.clock = clock;
    this.news = news;
    this.store = store;
    this.timers = timers;
    this.quota = quota;
    this.wakePeers = wakePeers;
    this.requestStop = requestStop;
  }

  /**
   * Writes the round and waits for its commit (at most a minute); throws what the store threw, in
   * which case nothing of the round is in the database.
   */
  void commit(List<Call> calls) throws Exception {
    if (calls.stream().allMatch(Call::changesNothing)) {
      ran(calls, List.of()); // e.g. events the behavior only looked at: nothing to commit or wake
      return;
    }
    long now = clock.getAsLong();
    List<Job> rescheduled = new ArrayList<>();
    List<Message> queued = new ArrayList<>();
    store
        .transaction(
            (Tx tx) -> {
              for (Call c : calls) {
                write(tx, c, now, rescheduled, queued);
              }
              return null;
            })
        .get(60, TimeUnit.SECONDS);
    committed(calls, rescheduled);
    ran(calls, queued);
  }

  private void ran(List<Call> calls, List<Message> queued) {
    if (!queued.isEmpty()) {
      news.queued(queued);
    }
    List<HandlerCall> ran = new ArrayList<>(calls.size());
    calls.forEach(c -> ran.add(c.ran()));
    news.handled(ran);
  }

  private static void write(Tx tx, Call c, long now, List<Job> rescheduled, List<Message> queued) {
    CallEffects fx = c.effects();
    for (CallEffects.Write w : fx.writes) {
      if (w instanceof CallEffects.Send send) {
        queued.add(tx.enqueue(send.message()));
      } else if (w instanceof CallEffects.RoomChange r) {
        switch (r.kind()) {
          case CREATE -> tx.createRoom(r.room(), r.names());
          case INVITE -> tx.invite(r.room(), r.names().get(0));
          case REMOVE -> tx.removeMember(r.room(), r.names().get(0));
          case LEAVE -> tx.leaveRoom(r.room());
        }
      }
    }
    fx.stateChanges().forEach(tx::putState);
    for (Job j : fx.newJobs) {
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
        Job next = TimerSet.nextRun(fired, now);
        tx.rescheduleJob(fired.id(), next.dueAt());
        rescheduled.add(next);
      }
    }
  }

  private void committed(List<Call> calls, List<Job> rescheduled) {
    timers.addAll(rescheduled);
    Set<String> wake = new HashSet<>();
    boolean stop = false;
    for (Call c : calls) {
      if (c.message() != null) {
        quota.handled(c.message().from(), 1); // room for one more of that sender's messages
      }
      for (CallEffects.Write w : c.effects().writes) {
        if (w instanceof CallEffects.Send send) {
          wake.add(send.message().to());
        } else if (w instanceof CallEffects.RoomChange r) {
          wake.add(r.room());
          wake.addAll(r.names());
        }
      }
      stop |= c.effects().stopRequested;
    }
    if (!wake.isEmpty()) {
      wakePeers.accept(wake);
    }
    if (stop) {
      requestStop.run();
    }
  }
}

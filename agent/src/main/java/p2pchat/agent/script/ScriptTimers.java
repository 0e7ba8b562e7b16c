package p2pchat.agent.script;

import groovy.lang.Closure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import p2pchat.agent.Effects;
import p2pchat.agent.Job;

/**
 * A script's persisted timers: keeps exactly one job per top-level {@code every} and {@code cron}
 * of the loaded version, and fires a due job — a top-level timer's closure, or an {@code
 * after}/{@code every} closure restored from its payload. A cron is a one-shot job for its next
 * slot, replaced by the next slot's job in the call that fires it (or, if its block failed, in the
 * {@code on error} call after it). Time is read from {@code clock} (epoch ms). Used only on the
 * dispatch thread; not thread-safe.
 */
final class ScriptTimers {
  private final LongSupplier clock;
  private long startedAt = Long.MIN_VALUE;
  private LoadedScript reconciled;
  private final Map<String, Long> topOwners = new HashMap<>();
  private final Set<Long> cancelledThisCall = new HashSet<>();

  ScriptTimers(LongSupplier clock) {
    this.clock = clock;
  }

  /** The agent starts: a cron slot before now was missed while it was down. */
  void started() {
    startedAt = clock.getAsLong();
  }

  /**
   * Makes the store hold exactly one job per top-level {@code every} of this load: keeps a matching
   * one, cancels duplicates and those the script no longer declares, adds missing ones. Runs on the
   * first call after a (re)load; without {@link Effects#jobs()} duplicates are cancelled when they
   * fire instead.
   */
  void reconcile(LoadedScript s, Effects effects, Job firing) {
    cancelledThisCall.clear();
    if (reconciled == s) {
      return;
    }
    Map<String, Handlers.TopTimer> declared = s.handlers().topTimers();
    Map<String, Handlers.CronTimer> crons = s.handlers().crons();
    topOwners.clear();
    List<Job> existing = new ArrayList<>();
    if (firing != null) {
      existing.add(firing); // it is in the store, though a core may have taken it off its list
    }
    try {
      for (Job job : effects.jobs()) {
        if (firing == null || job.id() != firing.id()) {
          existing.add(job);
        }
      }
    } catch (UnsupportedOperationException e) {
      // duplicates are cancelled as they fire (fireTop)
    }
    for (Job job : existing) {
      TimerPayload.Decoded payload = TimerPayload.decode(job.payload());
      if (payload instanceof TimerPayload.Cron cron) {
        if (firing != null && job.id() == firing.id()) {
          continue; // being fired: the core deletes it, and its firing schedules the next slot
        }
        if (crons.containsKey(cron.key()) && !topOwners.containsKey(cron.key())) {
          topOwners.put(cron.key(), job.id());
        } else {
          cancel(effects, job.id());
        }
      } else if (payload instanceof TimerPayload.Top top) {
        Handlers.TopTimer t = declared.get(top.key());
        if (t != null
            && !topOwners.containsKey(top.key())
            && Objects.equals(job.periodMillis(), t.period().toMillis())) {
          topOwners.put(top.key(), job.id());
        } else {
          cancel(effects, job.id());
        }
      }
    }
    for (Handlers.TopTimer t : declared.values()) {
      if (!topOwners.containsKey(t.key())) {
        topOwners.put(
            t.key(),
            effects.schedule(t.period(), t.period(), TimerPayload.ofTop(t.key()), t.key()));
      }
    }
    long now = clock.getAsLong();
    for (Handlers.CronTimer t : crons.values()) {
      if (!topOwners.containsKey(t.key())) {
        scheduleCron(effects, t, t.spec().nextAfter(now));
      }
    }
  }

  private void scheduleCron(Effects effects, Handlers.CronTimer t, long slot) {
    if (slot == Long.MAX_VALUE) {
      return; // a schedule with no slot left (e.g. 30 February)
    }
    // from the call's own clock, so the job is due at the slot exactly, never a little before it
    Duration delay = Duration.ofMillis(Math.max(0, slot - effects.now()));
    topOwners.put(
        t.key(), effects.schedule(delay, null, TimerPayload.ofCron(t.key(), slot), t.key()));
  }

  /** The call that reconciled {@code s} committed: its version needs no reconciling again. */
  void reconciled(LoadedScript s) {
    reconciled = s;
  }

  void fire(LoadedScript s, Job job, TimerPayload.Decoded payload, Effects effects)
      throws Exception {
    if (payload instanceof TimerPayload.Top top) {
      fireTop(s, job, top, effects);
    } else if (payload instanceof TimerPayload.Cron cron) {
      fireCron(s, job, cron, effects);
    } else if (payload instanceof TimerPayload.Stored stored) {
      fireStored(s, job, stored, effects);
    } else {
      drop(s, job, effects, "has a payload this script host cannot read");
    }
  }

  private void fireTop(LoadedScript s, Job job, TimerPayload.Top top, Effects effects) {
    Handlers.TopTimer t = s.handlers().topTimers().get(top.key());
    if (t == null) {
      gone(s, top.key());
      cancel(effects, job.id());
      return;
    }
    if (duplicate(top.key(), job)) {
      cancel(effects, job.id()); // a duplicate left by a core that cannot list jobs
      return;
    }
    t.closure().call();
  }

  private void fireCron(LoadedScript s, Job job, TimerPayload.Cron cron, Effects effects) {
    Handlers.CronTimer t = s.handlers().crons().get(cron.key());
    if (t == null) {
      gone(s, cron.key());
      return; // a one-shot job: the core deletes it
    }
    if (duplicate(cron.key(), job)) {
      return; // a duplicate: the owner fires this slot
    }
    topOwners.remove(cron.key());
    reconciled = null; // if the block fails, the on error call after it schedules the next slot
    long now = clock.getAsLong();
    if (cron.slot() >= startedAt || t.catchUp()) {
      t.closure().call();
    } else {
      s.setup()
          .log()
          .info(
              "({}) {} missed its slot while the agent was down; skipped (catchUp: false)",
              s.setup().fileName(),
              cron.key());
    }
    // once per slot: the next one after this slot and after now, however many were missed
    scheduleCron(effects, t, t.spec().nextAfter(Math.max(now, cron.slot())));
  }

  private static void gone(LoadedScript s, String key) {
    s.setup()
        .log()
        .info(
            "({}) {} is no longer in the script; its timer is cancelled",
            s.setup().fileName(),
            key);
  }

  /** True if another job already owns {@code key}'s timer; else {@code job} owns it now. */
  private boolean duplicate(String key, Job job) {
    Long owner = topOwners.putIfAbsent(key, job.id());
    return owner != null && owner != job.id();
  }

  private void fireStored(LoadedScript s, Job job, TimerPayload.Stored stored, Effects effects)
      throws Exception {
    String local = s.classFor(stored.className(), stored.fingerprint());
    if (local == null) {
      drop(s, job, effects, "was set by a block of code that is no longer in the script");
      return;
    }
    Closure<?> closure;
    try {
      closure = TimerPayload.readClosure(stored, local, s.loader());
    } catch (java.io.IOException | ClassNotFoundException | ClassCastException e) {
      drop(s, job, effects, "cannot be restored after an edit (" + e + ")");
      return;
    }
    BotScript script = s.script();
    closure.rehydrate(script, script, script).call();
  }

  private void drop(LoadedScript s, Job job, Effects effects, String why) {
    s.setup().log().warn("({}) timer {} {}; dropped", s.setup().fileName(), job.description(), why);
    if (job.periodMillis() != null) {
      cancel(effects, job.id());
    }
  }

  private void cancel(Effects effects, long jobId) {
    if (cancelledThisCall.add(jobId)) {
      effects.cancel(jobId);
    }
  }
}

package p2pchat.agent.store;

import p2pchat.agent.Message;

/**
 * The writes one transaction unit may make (see {@link Store#transaction}). Valid only while the
 * unit runs, on the store's writer thread; not thread-safe. Everything a unit does commits together
 * with the rest of its group, or not at all if the unit throws.
 */
public interface Tx {

  /** Queues a message; the returned message has its id and seq and status QUEUED. */
  Message enqueue(Outgoing m);

  /**
   * A received message has been handled (RECEIVED becomes HANDLED; anything else is left alone).
   */
  void markHandled(String messageId);

  /** Sets one state entry to JSON text, or removes it when {@code jsonOrNullToRemove} is null. */
  void putState(String key, String jsonOrNullToRemove);

  /**
   * Persists a timer under an id the caller chose: the dispatcher is the one source of job ids (it
   * numbers them so that a behavior can cancel a timer in the same call that set it). The id must
   * be unused; {@code periodMillis} null means it fires once.
   */
  void addJob(long id, long dueAt, Long periodMillis, byte[] payload, String description);

  void deleteJob(long id);

  void rescheduleJob(long id, long dueAt);
}

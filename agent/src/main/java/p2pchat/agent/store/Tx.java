package p2pchat.agent.store;

import java.util.List;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.Membership;

/**
 * The writes one transaction unit may make (see {@link Store#transaction}). Valid only while the
 * unit runs, on the store's writer thread; not thread-safe. Everything a unit does commits together
 * with the rest of its group, or not at all if the unit throws.
 */
public interface Tx {

  /**
   * Queues a message; the returned message has its id and seq and status QUEUED. To a room ({@code
   * #ops}) it is one row per other member (docs/rooms.md); the one returned has the room as {@code
   * to} and seq 0.
   */
  Message enqueue(Outgoing m);

  /**
   * Creates a room owned by this agent, with {@code members} besides it; queues the list to them.
   */
  Membership createRoom(String room, List<String> members);

  /** The owner adds a member: the next version, queued to every member. */
  Membership invite(String room, String name);

  /** The owner takes a member out: the next version, queued to every member and to the one out. */
  Membership removeMember(String room, String name);

  /** Leaves a room: an owner hands it to the longest-standing member; a member asks the owner. */
  void leaveRoom(String room);

  /**
   * Asks the other members of each room for what this agent lacks (docs/rooms.md, "Passing on"): at
   * start, and when a member goes offline.
   */
  void askForMissing();

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

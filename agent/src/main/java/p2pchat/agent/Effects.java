package p2pchat.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import p2pchat.agent.rooms.Membership;

/**
 * The changes one {@link Behavior} call wants to make, plus read access to what the agent knows.
 * Collected in memory during the call and committed by the core in one transaction when the call
 * returns. Not thread-safe: valid only during the call it was passed to.
 */
public interface Effects {

  /** This agent's name. */
  String me();

  /**
   * The moment (epoch ms) this call's delays count from: a timer set with {@code delay} is due at
   * {@code now() + delay}. A timer meant for a moment (a cron slot) takes its delay from here.
   */
  default long now() {
    return System.currentTimeMillis();
  }

  /**
   * Queues a message to a peer or a room ({@code #ops}); it leaves after the call's transaction
   * commits.
   */
  void send(String to, String text, String dataJson, Duration ttl);

  default void send(String to, String text) {
    send(to, text, null, null);
  }

  /** The persisted state map (key to JSON text) as it stands with this call's changes applied. */
  Map<String, String> state();

  /** Sets (or with null removes) one state entry; JSON text. */
  void putState(String key, String json);

  /**
   * Sets a timer: fires after {@code delay}, then every {@code period} if non-null. The payload is
   * opaque to the core (a script stores what it needs to find its closure again). Returns the job's
   * id, valid once the call commits.
   */
  long schedule(Duration delay, Duration period, byte[] payload, String description);

  void cancel(long jobId);

  /**
   * The timers this agent has, as committed before this call. The script host uses it to keep
   * exactly one job per top-level {@code every} across restarts and reloads. A core that cannot
   * list them keeps this default; the host then cancels duplicates when they fire instead.
   */
  default List<Job> jobs() {
    throw new UnsupportedOperationException("this Effects cannot list jobs");
  }

  /** Every peer the registry (or the last view of it) knows, with status. */
  List<PeerInfo> peers();

  /** The rooms this agent is in, with this call's changes on top (docs/rooms.md). */
  default List<Membership> rooms() {
    return List.of();
  }

  /** The room as this agent has it, with this call's changes on top; null if it is not in it. */
  default Membership room(String room) {
    return rooms().stream().filter(r -> r.room().equals(room)).findFirst().orElse(null);
  }

  /** Creates {@code room}, owned by this agent, with {@code members} besides it. */
  default void createRoom(String room, List<String> members) {
    throw new UnsupportedOperationException("this Effects has no rooms");
  }

  /** The owner adds {@code name} to {@code room}. */
  default void invite(String room, String name) {
    throw new UnsupportedOperationException("this Effects has no rooms");
  }

  /** The owner takes {@code name} out of {@code room}. */
  default void removeMember(String room, String name) {
    throw new UnsupportedOperationException("this Effects has no rooms");
  }

  /** Leaves {@code room}. */
  default void leaveRoom(String room) {
    throw new UnsupportedOperationException("this Effects has no rooms");
  }

  /** Asks the agent to stop gracefully after this call commits. */
  void stopAgent();
}

package p2pchat.agent.store;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import p2pchat.agent.rooms.Membership;

/**
 * What the store's writer and its readers share about rooms: the keys that sign and check room
 * messages, whom to tell of room rows the store queued by itself, and the rooms this agent is in as
 * of the last commit (so that reading them costs no query). Thread-safe.
 */
final class RoomShare {
  private volatile RoomKeys keys = RoomKeys.NONE;
  private volatile Consumer<Set<String>> queued = peers -> {};
  private volatile List<Membership> joined; // null until first read or change
  private long changes; // guarded by this: the writer's changes, so a slow reader cannot undo one

  RoomKeys keys() {
    return keys;
  }

  void keys(RoomKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  void whenQueued(Consumer<Set<String>> receivers) {
    this.queued = Objects.requireNonNull(receivers, "receivers");
  }

  void queued(Set<String> receivers) {
    queued.accept(receivers);
  }

  List<Membership> joined() {
    return joined;
  }

  /** Set by the writer after a commit that changed rooms. */
  synchronized void joined(List<Membership> rooms) {
    changes++;
    this.joined = List.copyOf(rooms);
  }

  /**
   * The rooms joined, from memory; else {@code load}ed from the database (on the caller's thread)
   * and kept, unless the writer changed the rooms while it was reading.
   */
  List<Membership> joinedOr(Supplier<List<Membership>> load) {
    List<Membership> known = joined;
    if (known != null) {
      return known;
    }
    long before = changes();
    List<Membership> loaded = load.get();
    loaded(loaded, before);
    return loaded;
  }

  /** How many changes the writer made: take it before reading the rooms, pass it to loaded. */
  private synchronized long changes() {
    return changes;
  }

  /** A reader's load, kept unless the writer changed the rooms since it began reading. */
  private synchronized void loaded(List<Membership> rooms, long changesBefore) {
    if (changes == changesBefore && joined == null) {
      this.joined = List.copyOf(rooms);
    }
  }

  /** After a failed group: the next read loads them again. */
  synchronized void forget() {
    changes++;
    this.joined = null;
  }
}

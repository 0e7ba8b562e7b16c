package p2pchat.agent.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The room tables as the writer uses them: every write goes to the database at once, and what was
 * read or written stays in memory, so a room message costs its rows and not a dozen lookups. The
 * memory of a failed unit is put back as it was (an undo log, as {@link Counters} keeps), and all
 * of it is forgotten after a failed group (the database is then the truth again). Not thread-safe:
 * writer thread only.
 */
final class RoomTables {
  private final RoomDao dao;
  private final String self;
  private final Map<String, Long> wrote = new HashMap<>(); // room -> last message this agent wrote
  private final Map<String, Optional<RoomDao.RoomRow>> rooms = new HashMap<>();
  private final Map<String, Optional<String>> versions = new HashMap<>();
  private final Map<String, Long> taken = new HashMap<>();
  private final Map<String, Long> owed = new HashMap<>();
  private final Map<String, Integer> waiting = new HashMap<>();
  private final Map<String, List<String>> names = new HashMap<>();
  private boolean changed; // a room row changed since the last commit
  private final List<Runnable> undo = new ArrayList<>(); // the running unit's, newest last

  /** Puts {@code value} in {@code map}, and its old value in the unit's undo log. */
  private <V> void put(Map<String, V> map, String key, V value) {
    boolean had = map.containsKey(key);
    V old = map.put(key, value);
    undo.add(
        () -> {
          if (had) {
            map.put(key, old);
          } else {
            map.remove(key);
          }
        });
  }

  void startUnit() {
    undo.clear();
  }

  /** The unit failed: its writes are rolled back, so is what it put here. */
  void failUnit() {
    for (int i = undo.size() - 1; i >= 0; i--) {
      undo.get(i).run();
    }
    undo.clear();
  }

  RoomTables(RoomDao dao, String self) {
    this.dao = dao;
    this.self = self;
  }

  void forget() {
    undo.clear();
    wrote.clear();
    waiting.clear();
    names.clear();
    rooms.clear();
    versions.clear();
    taken.clear();
    owed.clear();
  }

  /** True once after a change to which rooms this agent is in, or to their members. */
  boolean takeChanged() {
    boolean was = changed;
    changed = false;
    return was;
  }

  Optional<RoomDao.RoomRow> room(String room) {
    return rooms.computeIfAbsent(room, dao::room);
  }

  List<RoomDao.RoomRow> rooms() {
    return dao.rooms();
  }

  void putRoom(String room, String owner, long version, String members, boolean joined) {
    dao.putRoom(room, owner, version, members, joined);
    put(rooms, room, Optional.of(new RoomDao.RoomRow(room, owner, version, members, joined)));
    changed = true;
  }

  void left(String room) {
    dao.left(room);
    room(room)
        .ifPresent(
            r ->
                put(
                    rooms,
                    room,
                    Optional.of(
                        new RoomDao.RoomRow(room, r.owner(), r.version(), r.members(), false))));
    changed = true;
  }

  /** The last message this agent wrote in {@code room} (its author seq), 0 if none. */
  long lastWritten(String room) {
    return wrote.computeIfAbsent(room, r -> newestMessage(dao.ownOutIn(r, self)));
  }

  void wrote(String room, long seq) {
    lastWritten(room);
    put(wrote, room, seq);
  }

  void putVersion(String room, long version, String owner, String members) {
    dao.putVersion(room, version, owner, members);
    if (versions.get(room + " v" + version) == null
        || versions.get(room + " v" + version).isEmpty()) {
      put(versions, room + " v" + version, Optional.of(members));
    }
  }

  Optional<String> membersOf(String room, long version) {
    return versions.computeIfAbsent(room + " v" + version, k -> dao.membersOf(room, version));
  }

  Optional<Long> lastTaken(String room, String author) {
    String key = room + " " + author;
    Long known = taken.get(key);
    if (known == null) {
      known = newestMessage(dao.takenFrom(room, author));
      taken.put(key, known);
    }
    return known == 0 ? Optional.empty() : Optional.of(known);
  }

  /** Memory only: the row that says it is written by the same receive. */
  void took(String room, String author, long seq) {
    long now = Math.max(lastTaken(room, author).orElse(0L), seq);
    put(taken, room + " " + author, now);
  }

  /** How many of {@code room}'s rows wait for an earlier message or a membership. */
  int waiting(String room) {
    return waiting.computeIfAbsent(room, dao::waitingIn);
  }

  /** {@code delta} rows of {@code room} started (+) or stopped (-) waiting. */
  void waiting(String room, int delta) {
    put(waiting, room, waiting(room) + delta);
  }

  /** The names of {@code room}'s version {@code version}, parsed once. */
  Optional<List<String>> namesOf(
      String room, long version, java.util.function.Function<String, List<String>> parse) {
    return membersOf(room, version).map(json -> names.computeIfAbsent(json, parse));
  }

  /** The last message without a time-to-live owed to {@code member} in {@code room}, 0 if none. */
  long lastOwed(String room, String member) {
    return owed.computeIfAbsent(
        room + " " + member, k -> newestMessage(dao.ownOutTo(room, member, self)));
  }

  /** Memory only: the rows that say it are being written by the same unit. */
  void owed(String room, List<String> members, long seq) {
    for (String m : members) {
      lastOwed(room, m);
      put(owed, room + " " + m, seq);
    }
  }

  /** The author seq of the first room message among {@code headers}, 0 if none. */
  private static long newestMessage(java.util.stream.Stream<byte[]> headers) {
    try (headers) {
      return headers
          .map(p2pchat.agent.rooms.RoomHeader::parse)
          .filter(h -> h.type() == p2pchat.agent.rooms.RoomHeader.MESSAGE)
          .findFirst()
          .map(p2pchat.agent.rooms.RoomHeader::authorSeq)
          .orElse(0L);
    }
  }

  void skipped(String peer, long seq) {
    dao.skipped(peer, seq);
  }
}

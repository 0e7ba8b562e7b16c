package p2pchat.agent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomHeader;
import p2pchat.agent.rooms.RoomNames;
import p2pchat.agent.rooms.RoomSignatures;

/**
 * The store's side of rooms (docs/rooms.md), as the writer's group sees it: this agent's own
 * changes ({@link RoomChanges}), what arrives judged ({@link RoomArrivals}) and passing on ({@link
 * RoomRelay}), over what they share — the room tables in memory, the memberships as parsed, and how
 * a membership is published and a room row queued. Run by the writer inside a unit of the current
 * group, after {@link GroupTx#beforeDirectWrites} (so a failing unit takes its room writes back).
 * Not thread-safe: writer thread only.
 */
final class RoomOps {
  private static final Logger log = LoggerFactory.getLogger(RoomOps.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final byte[] NO_SIGNATURE = new byte[0];

  private final String self;
  private final GroupTx tx;
  private final RoomTables rooms;
  private final UnitBuffers buffers;
  private final Counters counters;
  private final MessageIds ids;
  private final LongSupplier clock;
  private final Supplier<RoomKeys> keys;
  private final Set<String> warned = new LinkedHashSet<>(); // refusals logged once each
  private final Map<String, Membership> views = new java.util.HashMap<>();
  private final RoomChanges changes;
  private final RoomRelay relay;
  private final RoomArrivals arrivals;

  RoomOps(
      String self,
      GroupTx tx,
      RoomDao rooms,
      MessageDao messages,
      UnitBuffers buffers,
      Counters counters,
      MessageIds ids,
      LongSupplier clock,
      Supplier<RoomKeys> keys) {
    this.self = self;
    this.tx = tx;
    this.rooms = new RoomTables(rooms, self);
    this.buffers = buffers;
    this.counters = counters;
    this.ids = ids;
    this.clock = clock;
    this.keys = keys;
    this.changes = new RoomChanges(self, tx, this.rooms, buffers, counters, ids, clock, this);
    this.relay = new RoomRelay(self, tx, this.rooms, messages, buffers, counters, this);
    this.arrivals = new RoomArrivals(self, this.rooms, messages, keys, relay, this);
  }

  // ---- this agent's own changes: RoomChanges

  Membership create(String room, List<String> others) {
    return changes.create(room, others);
  }

  Membership invite(String room, String name) {
    return changes.invite(room, name);
  }

  Membership remove(String room, String name) {
    return changes.remove(room, name);
  }

  void leave(String room) {
    changes.leave(room);
  }

  Message send(Outgoing m) {
    return changes.send(m);
  }

  // ---- what arrives: RoomArrivals

  void skipped(String from, long seq) {
    arrivals.skipped(from, seq);
  }

  String arrive(String from, Message m, RoomHeader h) {
    return arrivals.arrive(from, m, h);
  }

  void stored(String room, int waiting) {
    arrivals.stored(room, waiting);
  }

  List<Message> release(String room, boolean handled) {
    return arrivals.release(room, handled);
  }

  // ---- passing on: RoomRelay

  void askForMissing() {
    relay.askForMissing();
  }

  // ---- shared by the parts

  /** The room as this agent has it now, if it is in it. */
  Optional<Membership> joined(String room) {
    return rooms.room(room).filter(RoomDao.RoomRow::joined).map(this::view);
  }

  /** Stores {@code next} as this agent's and queues it to its members and {@code before}'s. */
  void publish(Membership next, List<String> before) {
    String json = next.toJson();
    rooms.putVersion(next.room(), next.version(), next.owner(), json(next.members()));
    rooms.putRoom(next.room(), next.owner(), next.version(), json(next.members()), true);
    RoomHeader unsigned =
        new RoomHeader(
            RoomHeader.MEMBERSHIP,
            RoomNames.bare(next.room()),
            self,
            0,
            next.version(),
            0,
            Map.of(),
            NO_SIGNATURE);
    RoomHeader header = signed(unsigned, membershipPayload(unsigned, json));
    Set<String> audience = new LinkedHashSet<>(next.members());
    audience.addAll(before);
    audience.remove(self);
    for (String member : audience) {
      queue(member, json, header, next.room());
    }
  }

  private RoomHeader signed(RoomHeader h, byte[] payload) {
    byte[] signature = keys.get().sign(payload);
    return new RoomHeader(
        h.type(), h.room(), h.author(), h.authorSeq(), h.version(), h.prev(), h.prevs(), signature);
  }

  /** A membership's signature covers its list, not its id: one signature for every copy. */
  static byte[] membershipPayload(RoomHeader h, String json) {
    return RoomSignatures.payload(h, "", 0, null, json, null);
  }

  void queue(String to, String text, RoomHeader header, String room) {
    tx.queuedForRoom(to);
    long now = clock.getAsLong();
    buffers.addOutgoing(
        new MessageDao.Row(
            ids.next(now),
            to,
            "out",
            counters.nextOut(to),
            text,
            null,
            "queued",
            now,
            null,
            false,
            null,
            room,
            self,
            header.toBytes()));
  }

  /** Whether all of {@code names} are in {@code room}'s version {@code version}. */
  boolean owed(String room, long version, String... names) {
    Optional<List<String>> members = rooms.namesOf(room, version, RoomOps::names);
    if (members.isEmpty()) {
      return false; // a version this agent was not sent: it was not in it
    }
    for (String name : names) {
      if (!members.get().contains(name)) {
        return false;
      }
    }
    return true;
  }

  String refuse(String room, String what) {
    if (warned.add(room + " " + what)) {
      log.warn("{}: refused {}", room, what);
    }
    return null;
  }

  // ---- the group's life

  /** After a failed group: the database is the truth again. */
  void forget() {
    rooms.forget();
    views.clear();
  }

  void startUnit() {
    rooms.startUnit();
  }

  /** After a failed unit: what it put in memory is put back. */
  void failUnit() {
    rooms.failUnit();
  }

  boolean takeChanged() {
    return rooms.takeChanged();
  }

  /** The rooms this agent is in, as this group wrote them. */
  List<Membership> joinedRooms() {
    return rooms.rooms().stream().filter(RoomDao.RoomRow::joined).map(RoomOps::membership).toList();
  }

  // ---- JSON

  Membership view(RoomDao.RoomRow row) {
    String key = row.room() + " v" + row.version() + " " + row.members();
    return views.computeIfAbsent(key, k -> membership(row));
  }

  static Membership membership(RoomDao.RoomRow row) {
    return new Membership(row.room(), row.owner(), row.version(), names(row.members()));
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> names(String json) {
    try {
      return List.of(JSON.readValue(json, String[].class));
    } catch (JsonProcessingException e) {
      throw new StoreException("a room's member list in the database is damaged: " + json, e);
    }
  }
}

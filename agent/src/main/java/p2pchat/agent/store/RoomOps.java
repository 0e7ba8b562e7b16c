package p2pchat.agent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  static final ObjectMapper JSON = new ObjectMapper(); // the parts use it too
  static final byte[] NO_SIGNATURE = new byte[0];

  private final RoomWriting writing;
  private final Set<String> warned = new LinkedHashSet<>(); // refusals logged once each
  private final Map<String, Membership> views = new java.util.HashMap<>();
  private final RoomChanges changes;
  private final RoomRelay relay;
  private final RoomArrivals arrivals;

  RoomOps(RoomWriting writing) {
    this.writing = writing;
    this.changes = new RoomChanges(writing, this);
    this.relay = new RoomRelay(writing, this);
    this.arrivals = new RoomArrivals(writing, relay, this);
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
    return writing.rooms().room(room).filter(RoomDao.RoomRow::joined).map(this::view);
  }

  /** Stores {@code next} as this agent's and queues it to its members and {@code before}'s. */
  void publish(Membership next, List<String> before) {
    String json = next.toJson();
    RoomTables rooms = writing.rooms();
    rooms.putVersion(next.room(), next.version(), next.owner(), json(next.members()));
    rooms.putRoom(next.room(), next.owner(), next.version(), json(next.members()), true);
    RoomHeader unsigned = unsigned(RoomHeader.MEMBERSHIP, next.room(), next.version());
    RoomHeader header =
        unsigned.withSignature(writing.keys().sign(membershipPayload(unsigned, json)));
    Set<String> audience = new LinkedHashSet<>(next.members());
    audience.addAll(before);
    audience.remove(writing.self());
    for (String member : audience) {
      queue(member, json, header, next.room());
    }
  }

  /**
   * An unsigned header of this agent's that is not a room message ({@link RoomHeader#MEMBERSHIP},
   * {@link RoomHeader#LEAVE}, {@link RoomHeader#DIGEST}): no seq, no prev, under {@code version}.
   */
  RoomHeader unsigned(int type, String room, long version) {
    return new RoomHeader(
        type, RoomNames.bare(room), writing.self(), 0, version, 0, Map.of(), NO_SIGNATURE);
  }

  /** A membership's signature covers its list, not its id: one signature for every copy. */
  static byte[] membershipPayload(RoomHeader h, String json) {
    return RoomSignatures.payload(h, "", 0, null, json, null);
  }

  void queue(String to, String text, RoomHeader header, String room) {
    writing.tx().queuedForRoom(to);
    long now = writing.clock().getAsLong();
    MessageDao.Row row =
        new MessageDao.Row(
            writing.ids().next(now),
            to,
            "out",
            writing.counters().nextOut(to),
            text,
            null,
            "queued",
            now,
            null,
            false,
            null,
            room,
            writing.self(),
            header.toBytes());
    writing.buffers().addOutgoing(row);
  }

  /** Whether all of {@code names} are in {@code room}'s version {@code version}. */
  boolean owed(String room, long version, String... names) {
    Optional<List<String>> members = writing.rooms().namesOf(room, version, RoomOps::names);
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
    writing.rooms().forget();
    views.clear();
  }

  void startUnit() {
    writing.rooms().startUnit();
  }

  /** After a failed unit: what it put in memory is put back. */
  void failUnit() {
    writing.rooms().failUnit();
  }

  boolean takeChanged() {
    return writing.rooms().takeChanged();
  }

  /** The rooms this agent is in, as this group wrote them. */
  List<Membership> joinedRooms() {
    return writing.rooms().rooms().stream()
        .filter(RoomDao.RoomRow::joined)
        .map(RoomOps::membership)
        .toList();
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

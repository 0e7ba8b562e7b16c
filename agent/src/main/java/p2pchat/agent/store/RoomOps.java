package p2pchat.agent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.Chain;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomHeader;
import p2pchat.agent.rooms.RoomNames;
import p2pchat.agent.rooms.RoomSignatures;

/**
 * The store's side of rooms (docs/rooms.md): a room message fanned out into one row per member's
 * pair outbox, membership changes queued to the members, and what arrives judged — taken, kept
 * waiting for an earlier message or a membership, or refused. Run by the writer inside a unit of
 * the current group, after {@link GroupTx#beforeDirectWrites} (so a failing unit takes its room
 * writes back). Not thread-safe: writer thread only.
 */
final class RoomOps {
  private static final Logger log = LoggerFactory.getLogger(RoomOps.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] NO_SIGNATURE = new byte[0];

  private final String self;
  private final GroupTx tx;
  private final RoomTables rooms;
  private final MessageDao messages;
  private final UnitBuffers buffers;
  private final Counters counters;
  private final MessageIds ids;
  private final LongSupplier clock;
  private final Set<String> warned = new LinkedHashSet<>(); // refusals logged once each
  private final Map<String, Membership> views = new java.util.HashMap<>();
  private final RoomRelay relay;
  private final java.util.function.Supplier<RoomKeys> keys;

  RoomOps(
      String self,
      GroupTx tx,
      RoomDao rooms,
      MessageDao messages,
      UnitBuffers buffers,
      Counters counters,
      MessageIds ids,
      LongSupplier clock,
      java.util.function.Supplier<RoomKeys> keys) {
    this.keys = keys;
    this.self = self;
    this.tx = tx;
    this.rooms = new RoomTables(rooms, self);
    this.relay = new RoomRelay(self, tx, this.rooms, messages, buffers, counters, this);
    this.messages = messages;
    this.buffers = buffers;
    this.counters = counters;
    this.ids = ids;
    this.clock = clock;
  }

  // ---- this agent's own changes

  /** The room as this agent has it now, if it is in it. */
  Optional<Membership> joined(String room) {
    return rooms.room(room).filter(RoomDao.RoomRow::joined).map(this::view);
  }

  Membership create(String room, List<String> others) {
    RoomNames.check(room);
    tx.beforeDirectWrites();
    Optional<RoomDao.RoomRow> known = rooms.room(room);
    if (known.isPresent() && known.get().joined()) {
      throw new IllegalArgumentException(
          room + " exists already (owner " + known.get().owner() + "); pick another name");
    }
    if (known.isPresent() && !known.get().owner().equals(self)) {
      throw new IllegalArgumentException(
          room + " is " + known.get().owner() + "'s room; pick another name");
    }
    long version = known.map(r -> r.version() + 1).orElse(1L);
    List<String> all = new ArrayList<>();
    all.add(self);
    all.addAll(others);
    Membership m = new Membership(room, self, version, all);
    publish(m, List.of());
    return m;
  }

  Membership invite(String room, String name) {
    Membership before = mine(room);
    Membership next = before.invite(self, name);
    publish(next, before.members());
    return next;
  }

  Membership remove(String room, String name) {
    Membership before = mine(room);
    Membership next = before.remove(self, name);
    publish(next, before.members());
    return next;
  }

  /** Leaves: an owner hands the room on; a member asks the owner to take it out. */
  void leave(String room) {
    Membership before = mine(room);
    if (before.owner().equals(self)) {
      Membership next = before.ownerLeaves();
      if (next != null) {
        publish(next, before.members());
      }
    } else {
      queue(
          before.owner(),
          "{\"leave\":true}",
          new RoomHeader(
              RoomHeader.LEAVE,
              RoomNames.bare(room),
              self,
              0,
              before.version(),
              0,
              Map.of(),
              NO_SIGNATURE),
          room);
    }
    rooms.left(room);
  }

  /**
   * Queues one room message: a row in each other member's pair outbox, all with one id; returns the
   * message as the author sees it ({@code to} the room).
   */
  Message send(Outgoing m) {
    Membership view = joined(RoomNames.check(m.to())).orElseThrow(() -> notMember(m.to()));
    long seq = rooms.lastWritten(m.to()) + 1;
    long now = clock.getAsLong();
    String id = ids.next(now);
    List<String> to = view.othersThan(self);
    // Each member's previous message is the last one owed to it that has no time-to-live (one
    // with a ttl may expire unsent, and must not hold its successors back); the most common one
    // is the header's prev, the others are named.
    Map<String, Long> owed = new LinkedHashMap<>();
    Map<Long, Integer> counts = new LinkedHashMap<>();
    for (String member : to) {
      long last = rooms.lastOwed(m.to(), member);
      owed.put(member, last);
      counts.merge(last, 1, Integer::sum);
    }
    long prev =
        counts.entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .orElse(0L);
    Map<String, Long> prevs = new LinkedHashMap<>();
    owed.forEach(
        (member, last) -> {
          if (last != prev) {
            prevs.put(member, last);
          }
        });
    RoomHeader unsigned =
        new RoomHeader(
            RoomHeader.MESSAGE,
            RoomNames.bare(m.to()),
            self,
            seq,
            view.version(),
            prev,
            prevs,
            NO_SIGNATURE);
    RoomHeader header = unsigned; // signed with the group's others before it is written
    byte[] bytes = header.toBytes();
    for (String member : to) {
      buffers.addOutgoing(
          new MessageDao.Row(
              id + "/" + member,
              member,
              "out",
              counters.nextOut(member),
              m.text(),
              m.dataJson(),
              "queued",
              now,
              null,
              m.offline(),
              m.expiresAt(),
              m.to(),
              self,
              bytes));
    }
    if (m.expiresAt() == null) {
      rooms.owed(m.to(), to, seq);
    }
    rooms.wrote(m.to(), seq);
    return new Message(
        id,
        self,
        m.to(),
        Message.Direction.OUT,
        0,
        m.text(),
        m.dataJson(),
        Message.Status.QUEUED,
        now,
        null,
        m.offline(),
        m.expiresAt(),
        header);
  }

  private Membership mine(String room) {
    RoomNames.check(room);
    tx.beforeDirectWrites();
    return joined(room).orElseThrow(() -> notMember(room));
  }

  private static IllegalArgumentException notMember(String room) {
    return new IllegalArgumentException(
        "this agent is not a member of "
            + room
            + "; create it with rooms.create or ask its owner to invite you");
  }

  /** Stores {@code next} as this agent's and queues it to its members and {@code before}'s. */
  private void publish(Membership next, List<String> before) {
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
  private static byte[] membershipPayload(RoomHeader h, String json) {
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

  // ---- what arrives

  /** {@code from}'s MSG up to {@code seq} came and needs no row: the pair's dedupe counts it. */
  void skipped(String from, long seq) {
    rooms.skipped(from, seq);
  }

  /** The status to store an arriving room row with, or null to store nothing (refused, or had). */
  String arrive(String from, Message m, RoomHeader h) {
    String room = h.roomName();
    return switch (h.type()) {
      case RoomHeader.MEMBERSHIP -> membership(from, m, h, room);
      case RoomHeader.LEAVE -> leaveRequest(from, h, room);
      case RoomHeader.DIGEST -> relay.answer(from, m, h, room);
      default -> {
        if (!from.equals(h.author())
            && !RoomSignatures.check(
                RoomSignatures.payload(h, m.id(), m.sentAt(), m.expiresAt(), m.text(), m.data()),
                h.signature(),
                (signed, signature) -> proven(h.author(), signed, signature))) {
          yield refuse(
              room,
              "a message of "
                  + h.author()
                  + "'s passed on by "
                  + from
                  + " whose signature is not "
                  + h.author()
                  + "'s");
        }
        yield message(h, room);
      }
    };
  }

  /**
   * Whether {@code author} signed {@code signed}; a batch's root once proven stays proven, so the
   * copies of one commit passed on together cost one check.
   */
  private boolean proven(String author, byte[] signed, byte[] signature) {
    Proof proof = new Proof(author, java.nio.ByteBuffer.wrap(signed));
    if (proofs.containsKey(proof)) {
      return true;
    }
    boolean ok = keys.get().verify(author, signed, signature);
    if (ok) {
      proofs.put(proof, Boolean.TRUE);
    }
    return ok;
  }

  private record Proof(String author, java.nio.ByteBuffer signed) {}

  private final Map<Proof, Boolean> proofs =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Proof, Boolean> eldest) {
          return size() > 256;
        }
      };

  private String message(RoomHeader h, String room) {
    Optional<RoomDao.RoomRow> known = rooms.room(room);
    if (known.isEmpty() || h.version() > known.get().version()) {
      return "waiting"; // its membership has not come yet
    }
    if (!owed(room, h.version(), h.author())) {
      return refuse(
          room,
          "a message of "
              + h.author()
              + "'s under membership version "
              + h.version()
              + ", which does not have both of us");
    }
    long last = rooms.lastTaken(room, h.author()).orElse(0L);
    return switch (Chain.judge(last, h.authorSeq(), h.prevFor(self))) {
      case TAKE -> {
        rooms.took(room, h.author(), h.authorSeq());
        yield "received";
      }
      case WAIT -> "waiting";
      case DUPLICATE -> null;
    };
  }

  private boolean owed(String room, long version, String author) {
    return owed(room, version, self, author);
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

  /** {@code n} rows of {@code room} were stored waiting. */
  void stored(String room, int waiting) {
    rooms.waiting(room, waiting);
  }

  private String membership(String from, Message m, RoomHeader h, String room) {
    Optional<RoomDao.RoomRow> known = rooms.room(room);
    boolean proven =
        from.equals(h.author())
            || keys.get().verify(h.author(), membershipPayload(h, m.text()), h.signature());
    if (!proven || (known.isPresent() && !known.get().owner().equals(h.author()))) {
      return refuse(
          room,
          "a membership change from "
              + from
              + ", who does not own it"
              + known.map(r -> " (its owner is " + r.owner() + ")").orElse(""));
    }
    Membership next;
    try {
      next = Membership.fromJson(room, h.version(), m.text());
    } catch (IllegalArgumentException e) {
      return refuse(room, "a membership change that does not parse: " + e.getMessage());
    }
    rooms.putVersion(room, next.version(), next.owner(), json(next.members()));
    if (known.isPresent() && known.get().version() >= next.version()) {
      return null; // an older version, or one had before
    }
    boolean wasIn = known.map(RoomDao.RoomRow::joined).orElse(false);
    boolean isIn = next.includes(self);
    rooms.putRoom(room, next.owner(), next.version(), json(next.members()), isIn);
    return wasIn != isIn ? "received" : "handled";
  }

  private String leaveRequest(String from, RoomHeader h, String room) {
    Optional<Membership> mine = joined(room);
    if (!from.equals(h.author()) || mine.isEmpty() || !mine.get().owner().equals(self)) {
      return refuse(room, "a request to leave from " + from + " to an agent that does not own it");
    }
    if (mine.get().includes(from)) {
      publish(mine.get().remove(self, from), mine.get().members());
    }
    return null;
  }

  /** Digests and passing on: {@link RoomRelay}. */
  void askForMissing() {
    relay.askForMissing();
  }

  /**
   * After rows of {@code room} were taken or a membership arrived: the waiting rows that can now be
   * taken, in the order to hand them over.
   */
  List<Message> release(String room, boolean handled) {
    List<Message> taken = new ArrayList<>();
    if (rooms.waiting(room) == 0) {
      return taken; // the usual case: nothing waits, no query
    }
    boolean moved = true;
    while (moved) {
      moved = false;
      List<String> take = new ArrayList<>();
      List<String> drop = new ArrayList<>();
      for (MessageDao.Row row : messages.waitingIn(room)) {
        String status = message(RoomHeader.parse(row.header()), room); // checked on arrival
        if ("received".equals(status)) {
          take.add(row.id());
          taken.add(
              row.toMessage(self)
                  .withStatus(handled ? Message.Status.HANDLED : Message.Status.RECEIVED));
          moved = true;
        } else if (status == null) {
          drop.add(row.id()); // had by now, or refused: it waits no more
        }
      }
      messages.takeWaiting(take, handled ? "handled" : "received"); // as the others are stored
      messages.dropWaiting(drop);
      rooms.waiting(room, -(take.size() + drop.size()));
    }
    return taken;
  }

  String refuse(String room, String what) {
    if (warned.add(room + " " + what)) {
      log.warn("{}: refused {}", room, what);
    }
    return null;
  }

  // ---- JSON

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

  Membership view(RoomDao.RoomRow row) {
    String key = row.room() + " v" + row.version() + " " + row.members();
    return views.computeIfAbsent(key, k -> membership(row));
  }

  static Membership membership(RoomDao.RoomRow row) {
    return new Membership(row.room(), row.owner(), row.version(), names(row.members()));
  }

  private static String json(Object value) {
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

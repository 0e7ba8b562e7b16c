package p2pchat.agent.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomHeader;
import p2pchat.agent.rooms.RoomNames;

/**
 * This agent's own changes to its rooms (docs/rooms.md): creating one, inviting, removing, leaving,
 * and a room message fanned out into one row per other member's pair outbox. Part of {@link
 * RoomOps}, on the writer thread; not thread-safe.
 */
final class RoomChanges extends RoomPart {
  RoomChanges(RoomWriting writing, RoomOps ops) {
    super(writing, ops);
  }

  Membership create(String room, List<String> others) {
    String self = writing.self();
    RoomNames.check(room);
    writing.tx().beforeDirectWrites();
    Optional<RoomDao.RoomRow> known = writing.rooms().room(room);
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
    ops.publish(m, List.of());
    return m;
  }

  Membership invite(String room, String name) {
    Membership before = mine(room);
    Membership next = before.invite(writing.self(), name);
    ops.publish(next, before.members());
    return next;
  }

  Membership remove(String room, String name) {
    Membership before = mine(room);
    Membership next = before.remove(writing.self(), name);
    ops.publish(next, before.members());
    return next;
  }

  /** Leaves: an owner hands the room on; a member asks the owner to take it out. */
  void leave(String room) {
    Membership before = mine(room);
    if (before.owner().equals(writing.self())) {
      Membership next = before.ownerLeaves();
      if (next != null) {
        ops.publish(next, before.members());
      }
    } else {
      ops.queue(
          before.owner(),
          "{\"leave\":true}",
          ops.unsigned(RoomHeader.LEAVE, room, before.version()),
          room);
    }
    writing.rooms().left(room);
  }

  /**
   * Queues one room message: a row in each other member's pair outbox, all with one id; returns the
   * message as the author sees it ({@code to} the room).
   */
  Message send(Outgoing m) {
    String self = writing.self();
    RoomTables rooms = writing.rooms();
    UnitBuffers buffers = writing.buffers();
    Counters counters = writing.counters();
    Membership view = ops.joined(RoomNames.check(m.to())).orElseThrow(() -> notMember(m.to()));
    long seq = rooms.lastWritten(m.to()) + 1;
    long now = writing.clock().getAsLong();
    String id = writing.ids().next(now);
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
            RoomOps.NO_SIGNATURE);
    RoomHeader header = unsigned; // signed with the group's others before it is written
    byte[] bytes = header.toBytes();
    buffers.willSeal(bytes, header);
    for (String member : to) {
      buffers.addOutgoing(
          MessageDao.Row.queued(
              id + "/" + member, member, counters.nextOut(member), m, now, m.to(), self, bytes));
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
    writing.tx().beforeDirectWrites();
    return ops.joined(room).orElseThrow(() -> notMember(room));
  }

  private static IllegalArgumentException notMember(String room) {
    return new IllegalArgumentException(
        "this agent is not a member of "
            + room
            + "; create it with rooms.create or ask its owner to invite you");
  }
}

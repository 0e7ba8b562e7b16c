package p2pchat.agent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.Map;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomHeader;

/**
 * Rooms' passing on (docs/rooms.md): the digests a member sends the others of what it took, and the
 * answer — the messages the asker was owed and lacks, and the newest membership, copied with their
 * author's signature. Part of {@link RoomOps}, on the writer thread; not thread-safe.
 */
final class RoomRelay extends RoomPart {
  RoomRelay(RoomWriting writing, RoomOps ops) {
    super(writing, ops);
  }

  /**
   * Asks every other member of each room this agent is in for what it lacks: a digest of the last
   * message it took from each author, answered with the messages the asker was owed and lacks
   * (whoever wrote them) and the newest membership. So a room's messages reach a member even when
   * their author is gone for good, while any member who has them is online.
   */
  void askForMissing() {
    RoomTables rooms = writing.rooms();
    writing.tx().beforeDirectWrites();
    for (RoomDao.RoomRow row : rooms.rooms()) {
      if (!row.joined()) {
        continue;
      }
      Membership view = ops.view(row);
      Map<String, Long> taken = new LinkedHashMap<>();
      for (String member : view.members()) {
        rooms.lastTaken(row.room(), member).ifPresent(seq -> taken.put(member, seq));
      }
      String text = RoomOps.json(Map.of("taken", taken));
      RoomHeader digest = ops.unsigned(RoomHeader.DIGEST, row.room(), view.version());
      for (String member : view.othersThan(writing.self())) {
        ops.queue(member, text, digest, row.room());
      }
    }
  }

  /** Answers {@code from}'s digest: passes on what it lacks. Stores no row of the digest. */
  String answer(String from, Message m, RoomHeader h, String room) {
    if (!from.equals(h.author()) || ops.joined(room).isEmpty()) {
      return null;
    }
    Map<String, Long> taken = new LinkedHashMap<>();
    try {
      RoomOps.JSON
          .readTree(m.text())
          .path("taken")
          .fields()
          .forEachRemaining(e -> taken.put(e.getKey(), e.getValue().asLong()));
    } catch (JsonProcessingException e) {
      return ops.refuse(room, "a digest from " + from + " that does not parse");
    }
    MessageDao.Row newestMembership = null;
    long newest = h.version();
    String self = writing.self();
    for (MessageDao.Row row : writing.messages().roomCopiesIn(room)) {
      RoomHeader held = RoomHeader.parse(row.header());
      if (held.type() == RoomHeader.MEMBERSHIP) {
        if (held.version() > newest) {
          newest = held.version();
          newestMembership = row;
        }
      } else if (held.type() == RoomHeader.MESSAGE
          && !held.author().equals(from)
          && held.authorSeq() > taken.getOrDefault(held.author(), 0L)
          && ops.owed(room, held.version(), self, from)) {
        passOn(row, from);
      }
    }
    if (newestMembership != null) {
      passOn(newestMembership, from);
    }
    return null;
  }

  /** Queues a copy of a message another agent wrote to {@code to}, signature and all. */
  private void passOn(MessageDao.Row row, String to) {
    String id = row.id() + "/" + to;
    UnitBuffers buffers = writing.buffers();
    if (buffers.hasOutgoing(id) || writing.messages().exists(id)) {
      return; // passed on before, or in this commit (another digest of the same asker)
    }
    writing.tx().queuedForRoom(to);
    buffers.addOutgoing(
        new MessageDao.Row(
            id,
            to,
            "out",
            writing.counters().nextOut(to),
            row.text(),
            row.data(),
            "queued",
            row.sentAt(),
            null,
            false,
            row.expiresAt(),
            row.room(),
            row.author(),
            row.header()));
  }
}

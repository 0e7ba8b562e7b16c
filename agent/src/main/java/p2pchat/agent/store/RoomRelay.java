package p2pchat.agent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import p2pchat.agent.Message;
import p2pchat.agent.rooms.Membership;
import p2pchat.agent.rooms.RoomHeader;
import p2pchat.agent.rooms.RoomNames;

/**
 * Rooms' passing on (docs/rooms.md): the digests a member sends the others of what it took, and the
 * answer — the messages the asker was owed and lacks, and the newest membership, copied with their
 * author's signature. Part of {@link RoomOps}, on the writer thread; not thread-safe.
 */
final class RoomRelay {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] NO_SIGNATURE = new byte[0];
  private static final Function<Object, String> JSON_TEXT =
      value -> {
        try {
          return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      };

  private final String self;
  private final GroupTx tx;
  private final RoomTables rooms;
  private final MessageDao messages;
  private final UnitBuffers buffers;
  private final Counters counters;
  private final RoomOps ops;

  RoomRelay(
      String self,
      GroupTx tx,
      RoomTables rooms,
      MessageDao messages,
      UnitBuffers buffers,
      Counters counters,
      RoomOps ops) {
    this.self = self;
    this.tx = tx;
    this.rooms = rooms;
    this.messages = messages;
    this.buffers = buffers;
    this.counters = counters;
    this.ops = ops;
  }

  /**
   * Asks every other member of each room this agent is in for what it lacks: a digest of the last
   * message it took from each author, answered with the messages the asker was owed and lacks
   * (whoever wrote them) and the newest membership. So a room's messages reach a member even when
   * their author is gone for good, while any member who has them is online.
   */
  void askForMissing() {
    tx.beforeDirectWrites();
    for (RoomDao.RoomRow row : rooms.rooms()) {
      if (!row.joined()) {
        continue;
      }
      Membership view = ops.view(row);
      Map<String, Long> taken = new LinkedHashMap<>();
      for (String member : view.members()) {
        rooms.lastTaken(row.room(), member).ifPresent(seq -> taken.put(member, seq));
      }
      String text = JSON_TEXT.apply(Map.of("taken", taken));
      RoomHeader digest =
          new RoomHeader(
              RoomHeader.DIGEST,
              RoomNames.bare(row.room()),
              self,
              0,
              view.version(),
              0,
              Map.of(),
              NO_SIGNATURE);
      for (String member : view.othersThan(self)) {
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
      JSON.readTree(m.text())
          .path("taken")
          .fields()
          .forEachRemaining(e -> taken.put(e.getKey(), e.getValue().asLong()));
    } catch (JsonProcessingException e) {
      return ops.refuse(room, "a digest from " + from + " that does not parse");
    }
    MessageDao.Row newestMembership = null;
    long newest = h.version();
    for (MessageDao.Row row : messages.roomCopiesIn(room)) {
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
    if (buffers.hasOutgoing(id) || messages.exists(id)) {
      return; // passed on before, or in this commit (another digest of the same asker)
    }
    tx.queuedForRoom(to);
    buffers.addOutgoing(
        new MessageDao.Row(
            id,
            to,
            "out",
            counters.nextOut(to),
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
